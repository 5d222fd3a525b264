import type { ChannelCredentials, SignatureCheck, WebhookRequest } from '../channel.port.js';
import { headerValue, hmacSha256, safeEqual } from '../webhook.signature.js';

/** The header LINE signs every webhook POST with. */
export const lineSignatureHeader = 'x-line-signature';

/** Base64 HMAC-SHA256 of the raw body under the channel secret, with no prefix, as LINE sends it. */
export function lineSignature(channelSecret: string, rawBody: Buffer | string): string {
  return hmacSha256(channelSecret, rawBody).toString('base64');
}

/** Checks x-line-signature over the exact bytes received, in constant time (base64 is case-sensitive: compared as sent). */
export function verifyLineSignature(request: WebhookRequest, credentials: ChannelCredentials): SignatureCheck {
  const channelSecret = credentials.channelSecret;
  if (channelSecret === undefined || channelSecret === '') return { valid: false, reason: 'The account has no channelSecret in its credentials, so webhooks cannot be verified' };
  const header = headerValue(request.headers, lineSignatureHeader);
  if (header === undefined || header === '') return { valid: false, reason: 'Missing x-line-signature header' };
  if (!safeEqual(header.trim(), lineSignature(channelSecret, request.rawBody))) return { valid: false, reason: 'x-line-signature does not match the body signed with the channel secret' };
  return { valid: true };
}
