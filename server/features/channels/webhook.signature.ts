import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from './channel.port.js';

/** HMAC-SHA256 of data under key: the primitive behind Meta, X, LINE and Slack webhook signatures. */
export function hmacSha256(key: string, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Compares two secrets in constant time; strings of different lengths are unequal without comparing bytes. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The single value of a request header (the first, when repeated). */
export function headerValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
