import type { ChannelCredentials, SignatureCheck, WebhookRequest } from '../channel.port.js';
import { headerValue, safeEqual } from '../webhook.signature.js';

/** The header carrying the secret_token given to setWebhook on every delivery. */
export const telegramSecretHeader = 'x-telegram-bot-api-secret-token';

/** What setWebhook accepts as secret_token: 1–256 characters of A–Z, a–z, 0–9, `_` and `-`. */
export const telegramSecretPattern = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Checks X-Telegram-Bot-Api-Secret-Token against the account's secretToken in constant time. Telegram signs nothing:
 * the shared secret (sent over TLS) is the whole proof, so a webhook without it is refused.
 */
export function verifyTelegramSecret(request: WebhookRequest, credentials: ChannelCredentials): SignatureCheck {
  const secretToken = credentials.secretToken;
  if (secretToken === undefined || secretToken === '') return { valid: false, reason: 'The account has no secretToken in its credentials, so webhooks cannot be verified' };
  const header = headerValue(request.headers, telegramSecretHeader);
  if (header === undefined || header === '') return { valid: false, reason: 'Missing X-Telegram-Bot-Api-Secret-Token header' };
  if (!safeEqual(header, secretToken)) return { valid: false, reason: 'X-Telegram-Bot-Api-Secret-Token does not match the account\'s secretToken' };
  return { valid: true };
}
