import type { ChannelCredentials, HandshakeReply, SignatureCheck, WebhookRequest } from '../channel.port.js';
import { headerValue, hmacSha256, safeEqual } from '../webhook.signature.js';

/** The header X signs every webhook POST with. */
export const xSignatureHeader = 'x-twitter-webhooks-signature';

/** `sha256=` + base64 HMAC-SHA256 under the consumer secret: the CRC response token and the POST signature alike (§6.1, §6.2). */
export function xSignature(consumerSecret: string, data: Buffer | string): string {
  return `sha256=${hmacSha256(consumerSecret, data).toString('base64')}`;
}

const json = 'application/json; charset=utf-8';
/**
 * CRC tokens are opaque strings of URL-safe and base64 characters. Anything else is refused: the CRC signs with the same
 * key and encoding as deliveries, so answering a token shaped like a JSON body would sign a forged delivery.
 */
const crcTokenPattern = /^[A-Za-z0-9._~+/=-]{1,1024}$/;
const noSecret = 'The account has no consumerSecret in its credentials, so X webhooks cannot be verified';

/**
 * Answers X's Challenge-Response Check: `{"response_token":"sha256=<base64 HMAC(consumer secret, crc_token)>"}`. Without a
 * consumer secret the answer is a 403, which X counts as a failed check rather than a wrong token.
 */
export function answerXCrc(query: WebhookRequest['query'], credentials: ChannelCredentials): HandshakeReply {
  const token = query.crc_token;
  if (token === undefined || !crcTokenPattern.test(token)) return { status: 400, contentType: json, body: JSON.stringify({ error: 'crc_token is missing or malformed' }) };
  const secret = credentials.consumerSecret;
  if (secret === undefined || secret === '') return { status: 403, contentType: json, body: JSON.stringify({ error: noSecret }) };
  return { status: 200, contentType: json, body: JSON.stringify({ response_token: xSignature(secret, token) }) };
}

/** Checks x-twitter-webhooks-signature over the exact bytes received, in constant time. */
export function verifyXSignature(request: WebhookRequest, credentials: ChannelCredentials): SignatureCheck {
  const secret = credentials.consumerSecret;
  if (secret === undefined || secret === '') return { valid: false, reason: noSecret };
  const header = headerValue(request.headers, xSignatureHeader);
  if (header === undefined || header === '') return { valid: false, reason: 'Missing x-twitter-webhooks-signature header' };
  // Base64 is case-sensitive: only the prefix is normalised.
  const sent = header.trim().replace(/^sha256=/i, 'sha256=');
  if (!safeEqual(sent, xSignature(secret, request.rawBody))) return { valid: false, reason: 'x-twitter-webhooks-signature does not match the body signed with the consumer secret' };
  return { valid: true };
}
