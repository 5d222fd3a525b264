import { xErrorBody } from './x.schemas.js';

/** How a failed X API call should be handled: wait for the rate-limit reset, retry with backoff, fix the credentials, or give up. */
export type XFailureKind = 'rate-limited' | 'transient' | 'auth' | 'permanent';

/** An X API call that failed, with X's own problem and what to do about it. */
export class XApiError extends Error {
  override readonly name = 'XApiError';
  constructor(
    message: string,
    readonly kind: XFailureKind,
    readonly details: { status?: number; type?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

/** Waits used when a 429 names no reset; a rate-limit window is 15 minutes, the 24-hour caps longer. */
const fallbackWaitMs = 60_000;
const minWaitMs = 1_000;
const maxWaitMs = 24 * 60 * 60_000 + 60_000;

/** Problem types that mean the credentials (not the request) are wrong: the account needs new tokens or a different app setup. */
const authProblemTypes = ['unsupported-authentication', 'client-forbidden'];

/** Classifies a failed response by status and X's problem body (v2 RFC 7807, or v1.1 `errors[]`). */
export function classifyXFailure(status: number, body: unknown, headers: Headers, now: number): XApiError {
  const parsed = xErrorBody.safeParse(body);
  const problem = parsed.success ? parsed.data : {};
  const type = problem.type ?? '';
  const text = describeXError(status, body);
  const details = { status, ...(type === '' ? {} : { type }) };
  if (/usage-capped/.test(type) || problem.title === 'UsageCapExceeded') return new XApiError(`X usage cap reached: ${text}`, 'permanent', details);
  if (status === 429 || problem.errors?.some((error) => error.code === 88) === true) {
    const retryAfterMs = Math.min(maxWaitMs, Math.max(minWaitMs, rateLimitWaitMs(headers, now) ?? fallbackWaitMs));
    return new XApiError(`Rate limited by X: ${text}`, 'rate-limited', { ...details, retryAfterMs });
  }
  if (status === 401 || problem.errors?.some((error) => error.code === 89 || error.code === 32) === true) return new XApiError(text, 'auth', details);
  if (status === 403 && authProblemTypes.some((name) => type.endsWith(name))) return new XApiError(text, 'auth', details);
  if (status >= 500 || status === 408) return new XApiError(text, 'transient', details);
  return new XApiError(text, 'permanent', details);
}

/** One readable line from X's error: title and detail of a v2 problem, or the v1.1 messages with their codes, and the status. */
export function describeXError(status: number, body: unknown): string {
  const parsed = xErrorBody.safeParse(body);
  if (!parsed.success) return `HTTP ${status}`;
  const problem = parsed.data;
  const parts: string[] = [];
  if (problem.title !== undefined) parts.push(problem.title);
  if (problem.detail !== undefined && problem.detail !== problem.title) parts.push(problem.detail);
  for (const error of problem.errors ?? []) parts.push(`${error.message ?? 'error'}${error.code === undefined ? '' : ` [code ${error.code}]`}`);
  return `${parts.length === 0 ? 'X refused the request' : parts.join(': ')} (HTTP ${status})`.slice(0, 900);
}

/**
 * How long until X lets the caller in again, from the response's headers: `x-rate-limit-reset` (Unix seconds) when the
 * window is spent, and the 24-hour caps (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`) when one of those is.
 */
export function rateLimitWaitMs(headers: Headers, now: number): number | undefined {
  const waits: number[] = [];
  const windowReset = resetAt(headers.get('x-rate-limit-reset'));
  if (windowReset !== undefined) waits.push(windowReset - now);
  for (const prefix of ['x-user-limit-24hour', 'x-app-limit-24hour']) {
    const reset = resetAt(headers.get(`${prefix}-reset`));
    if (headers.get(`${prefix}-remaining`) === '0' && reset !== undefined) waits.push(reset - now);
  }
  return waits.length === 0 ? undefined : Math.max(...waits);
}

/** Until when a successful response says the next call would be refused: its window is spent (remaining 0). */
export function exhaustedUntil(headers: Headers): number | undefined {
  const until: number[] = [];
  const windowReset = resetAt(headers.get('x-rate-limit-reset'));
  if (headers.get('x-rate-limit-remaining') === '0' && windowReset !== undefined) until.push(windowReset);
  for (const prefix of ['x-user-limit-24hour', 'x-app-limit-24hour']) {
    const reset = resetAt(headers.get(`${prefix}-reset`));
    if (headers.get(`${prefix}-remaining`) === '0' && reset !== undefined) until.push(reset);
  }
  return until.length === 0 ? undefined : Math.max(...until);
}

function resetAt(header: string | null): number | undefined {
  if (header === null || !/^\d{1,12}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
