import { z } from 'zod';

/** How a failed Graph call should be handled: wait for a rate limit, retry with backoff, fix the token, or give up. */
export type GraphFailureKind = 'rate-limited' | 'transient' | 'auth' | 'permanent';

/** A Graph API call that failed, with the platform's own error and what to do about it. */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  constructor(
    message: string,
    readonly kind: GraphFailureKind,
    readonly details: { status?: number; code?: number; subcode?: number; retryAfterMs?: number; fbtraceId?: string } = {},
  ) {
    super(message);
  }
}

/** Meta's error object (`{"error":{"message","type","code","error_subcode",…}}`). */
export const graphErrorBody = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});
type GraphErrorObject = z.infer<typeof graphErrorBody>['error'];

/** Throttling codes: app (4), user (17), page (32), API-specific (613), business use case (80001–80014), WhatsApp throughput, pair and spam limits. */
const throttleCodes = new Set([4, 17, 32, 613, 130429, 131048, 131056]);
/** Codes Meta documents as temporary: unknown (1), service (2), WhatsApp "something went wrong" and "service unavailable". */
const transientCodes = new Set([1, 2, 131000, 131016]);
/** The access token is expired, revoked or invalid: the account needs new credentials. */
const authCodes = new Set([102, 190]);

/** Waits used when a throttle gives no hint of its own, by code. */
const defaultWaitMs: Record<number, number> = { 130429: 2_000, 131056: 6_000 };
const fallbackThrottleMs = 60_000;
/** Never park a reply longer than this on one hint; the next try reads fresh headers. */
const maxWaitMs = 60 * 60_000;

/** Classifies a failed Graph response by HTTP status and Meta's error code. */
export function classifyGraphFailure(status: number, body: unknown, headers: Headers, now: number): GraphApiError {
  const parsed = graphErrorBody.safeParse(body);
  const error: GraphErrorObject = parsed.success ? parsed.data.error : {};
  const code = error.code;
  const subcode = error.error_subcode;
  const details = { status, ...(code === undefined ? {} : { code }), ...(subcode === undefined ? {} : { subcode }), ...(error.fbtrace_id === undefined ? {} : { fbtraceId: error.fbtrace_id }) };
  const text = describeGraphError(status, error);
  if (status === 429 || (code !== undefined && (throttleCodes.has(code) || (code >= 80_001 && code <= 80_014)))) {
    const retryAfterMs = Math.min(maxWaitMs, retryAfterFromHeaders(headers, now) ?? defaultWaitMs[code ?? 0] ?? fallbackThrottleMs);
    return new GraphApiError(`Rate limited: ${text}`, 'rate-limited', { ...details, retryAfterMs });
  }
  if (code !== undefined && authCodes.has(code)) return new GraphApiError(text, 'auth', details);
  if (status >= 500 || error.is_transient === true || (code !== undefined && transientCodes.has(code))) return new GraphApiError(text, 'transient', details);
  return new GraphApiError(text, 'permanent', details);
}

/** One readable line from Meta's error: its message, the text meant for users, and the code. */
function describeGraphError(status: number, error: GraphErrorObject): string {
  const parts = [error.message ?? `HTTP ${status}`];
  if (error.error_user_msg !== undefined && error.error_user_msg !== error.message) parts.push(error.error_user_msg);
  if (error.error_data?.details !== undefined) parts.push(error.error_data.details);
  const code = error.code === undefined ? '' : ` [code ${error.code}${error.error_subcode === undefined ? '' : `/${error.error_subcode}`}]`;
  return `${parts.join(' — ')}${code}`.slice(0, 900);
}

/**
 * How long a rate limit lasts, from the response's own hints: a Retry-After header (seconds or a date) is the most
 * precise; otherwise X-Business-Use-Case-Usage's estimated_time_to_regain_access (minutes, the largest of all entries).
 */
export function retryAfterFromHeaders(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const minutes = businessUseCaseWaitMinutes(headers.get('x-business-use-case-usage'));
  return minutes === undefined || minutes <= 0 ? undefined : minutes * 60_000;
}

/** The longest estimated_time_to_regain_access (minutes) in an X-Business-Use-Case-Usage header, if any. */
export function businessUseCaseWaitMinutes(header: string | null): number | undefined {
  if (header === null || header.length > 10_000) return undefined;
  try {
    const usage = JSON.parse(header) as unknown;
    if (typeof usage !== 'object' || usage === null) return undefined;
    const waits = Object.values(usage as Record<string, unknown>).flatMap((entries): unknown[] => (Array.isArray(entries) ? (entries as unknown[]) : []))
      .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).estimated_time_to_regain_access : undefined))
      .filter((wait): wait is number => typeof wait === 'number' && Number.isFinite(wait));
    return waits.length === 0 ? undefined : Math.max(...waits);
  } catch {
    return undefined;
  }
}

/** The highest usage percentage in X-App-Usage / X-Business-Use-Case-Usage: 100 means the next call will be throttled. */
export function highestUsagePercent(headers: Headers): number {
  const values: number[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        if (['call_count', 'total_cputime', 'total_time'].includes(key) && typeof inner === 'number') values.push(inner);
        else if (typeof inner === 'object') collect(inner);
      }
    }
  };
  for (const name of ['x-app-usage', 'x-business-use-case-usage', 'x-page-usage']) {
    const header = headers.get(name);
    if (header === null || header.length > 10_000) continue;
    try {
      collect(JSON.parse(header));
    } catch {
      // A malformed usage header is only a hint; ignore it.
    }
  }
  return values.length === 0 ? 0 : Math.max(...values);
}
