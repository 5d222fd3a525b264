import { lineErrorBody } from './line.schemas.js';

/**
 * How a failed LINE call should be handled: wait for a rate limit, retry with backoff, fix the token, push instead of
 * replying (the reply token is spent or expired), stop pushing until the monthly quota resets, or give up.
 */
export type LineFailureKind = 'rate-limited' | 'transient' | 'auth' | 'reply-token' | 'quota' | 'permanent';

/** A LINE API call that failed, with LINE's own message and what to do about it. */
export class LineApiError extends Error {
  override readonly name = 'LineApiError';
  constructor(message: string, readonly kind: LineFailureKind, readonly details: { status?: number; retryAfterMs?: number; requestId?: string } = {}) {
    super(message);
  }
}

/**
 * How long to wait after a 429 without a Retry-After header. LINE documents per-second limits for the message
 * endpoints and no reset header (unverified whether it ever sends one), so a short wait is enough.
 */
export const lineRateLimitWaitMs = 2_000;
const maxWaitMs = 60 * 60_000;

/** Classifies a failed LINE response by status and LINE's message. */
export function classifyLineFailure(status: number, body: unknown, headers: Headers, now: number): LineApiError {
  const text = describeLineError(status, body);
  const requestId = headers.get('x-line-request-id') ?? undefined;
  const details = { status, ...(requestId === undefined ? {} : { requestId }) };
  if (status === 429) {
    // The monthly message quota also answers 429; waiting minutes would not help until the month ends.
    if (/monthly limit/i.test(text)) return new LineApiError(text, 'quota', details);
    return new LineApiError(`Rate limited: ${text}`, 'rate-limited', { ...details, retryAfterMs: Math.min(maxWaitMs, retryAfterMs(headers, now) ?? lineRateLimitWaitMs) });
  }
  if (status === 401) return new LineApiError(text, 'auth', details);
  if (status === 400 && /invalid reply token/i.test(text)) return new LineApiError(text, 'reply-token', details);
  if (status >= 500) return new LineApiError(text, 'transient', details);
  return new LineApiError(text, 'permanent', details);
}

/** One readable line from LINE's error body: its message and each detail with the property it is about. */
export function describeLineError(status: number, body: unknown): string {
  const parsed = lineErrorBody.safeParse(body);
  if (!parsed.success || parsed.data.message === undefined) return `HTTP ${status}`;
  const details = (parsed.data.details ?? []).slice(0, 5).map((detail) => [detail.property, detail.message].filter((part) => part !== undefined).join(': '));
  return `${parsed.data.message}${details.length === 0 ? '' : ` (${details.join('; ')})`} [HTTP ${status}]`.slice(0, 900);
}

function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
