import type { ChannelCredentials, HandshakeReply, SignatureCheck, WebhookRequest } from '../channel.port.js';
import { headerValue, hmacSha256, safeEqual } from '../webhook.signature.js';

/** The header Meta signs every webhook POST with. */
export const metaSignatureHeader = 'x-hub-signature-256';

/** `sha256=` + lower-case hex HMAC-SHA256 of the raw body under the app secret, as Meta sends it. */
export function metaSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${hmacSha256(appSecret, rawBody).toString('hex')}`;
}

/** Checks X-Hub-Signature-256 over the exact bytes received; the legacy SHA-1 header alone is not accepted. */
export function verifyMetaSignature(request: WebhookRequest, credentials: ChannelCredentials): SignatureCheck {
  const appSecret = credentials.appSecret;
  if (appSecret === undefined || appSecret === '') return { valid: false, reason: 'The account has no appSecret in its credentials, so webhooks cannot be verified' };
  const header = headerValue(request.headers, metaSignatureHeader);
  if (header === undefined || header === '') return { valid: false, reason: 'Missing X-Hub-Signature-256 header' };
  // Hex is case-insensitive; Meta sends lower case, so normalise before the constant-time comparison.
  const sent = header.trim().replace(/^sha256=/i, 'sha256=').toLowerCase();
  if (!safeEqual(sent, metaSignature(appSecret, request.rawBody))) return { valid: false, reason: 'X-Hub-Signature-256 does not match the body signed with the app secret' };
  return { valid: true };
}

/** Answers Meta's subscription check: echo hub.challenge when hub.verify_token matches the account's verifyToken, else 403. */
export function answerMetaHandshake(query: WebhookRequest['query'], credentials: ChannelCredentials): HandshakeReply {
  const mode = query['hub.mode'] ?? query.hub_mode;
  const token = query['hub.verify_token'] ?? query.hub_verify_token ?? '';
  const challenge = query['hub.challenge'] ?? query.hub_challenge ?? '';
  const expected = credentials.verifyToken;
  const forbidden: HandshakeReply = { status: 403, contentType: 'text/plain; charset=utf-8', body: 'Verification failed' };
  if (mode !== 'subscribe' || expected === undefined || expected === '' || !safeEqual(token, expected)) return forbidden;
  // The challenge is documented as an integer; anything else is not echoed back, so the endpoint cannot reflect markup.
  if (!/^[0-9A-Za-z_-]{1,128}$/.test(challenge)) return { status: 400, contentType: 'text/plain; charset=utf-8', body: 'hub.challenge is missing or malformed' };
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
}
