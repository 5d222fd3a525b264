import type { z } from 'zod';
import type { Clock } from '../../../infra/clock.js';
import type { ChannelConfig } from '../channel.config.js';
import { classifyXFailure, exhaustedUntil, XApiError } from './x-api.errors.js';

/** One X API v2 call on behalf of an account. */
export interface XApiCall {
  method: 'GET' | 'POST';
  /** The path from the API root, e.g. `/2/tweets`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as `Authorization: Bearer <token>`: an OAuth 2.0 user-context token, or an app-only bearer token for reads. */
  token: string;
  body?: Record<string, unknown>;
  /** Calls with the same key share what the rate-limit headers said (one key per account and endpoint). */
  limiterKey: string;
}

/** A successful answer: the validated body and its exact text (kept as the receipt of a polled page). */
export interface XApiAnswer<T> {
  body: T;
  text: string;
}

/** Calls the X API (or its fake) and turns failures into classified XApiErrors; waits out spent rate-limit windows locally. */
export interface XApiClient {
  call<S extends z.ZodType>(call: XApiCall, response: S): Promise<XApiAnswer<z.infer<S>>>;
}

/** Creates a client for the configured X API base URL (RAPPORT_X_API_URL). */
export function createXApiClient(config: Pick<ChannelConfig, 'x' | 'timeoutMs'>, clock: Clock, fetchImpl: typeof fetch = fetch): XApiClient {
  /** Until when each limiter key must not call: a 429's reset, or a window a success reported as spent. */
  const blockedUntil = new Map<string, number>();

  async function call<S extends z.ZodType>(request: XApiCall, response: S): Promise<XApiAnswer<z.infer<S>>> {
    const now = clock.now();
    const until = blockedUntil.get(request.limiterKey) ?? 0;
    if (until > now) throw new XApiError(`Rate limited: X's window for this call resets at ${new Date(until).toISOString()}`, 'rate-limited', { retryAfterMs: until - now });
    const url = new URL(`${config.x.apiUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${request.token}` };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let result: Response;
    try {
      result = await fetchImpl(url, {
        method: request.method, headers, signal: AbortSignal.timeout(config.timeoutMs),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new XApiError(`Could not reach ${url.host}: ${reason}`, 'transient');
    }
    const text = await result.text();
    const body = parseBody(text);
    if (!result.ok) {
      const failure = classifyXFailure(result.status, body, result.headers, clock.now());
      // Other calls of the account wait for the same reset instead of hitting the limit again.
      if (failure.details.retryAfterMs !== undefined) blockedUntil.set(request.limiterKey, clock.now() + failure.details.retryAfterMs);
      throw failure;
    }
    const spentUntil = exhaustedUntil(result.headers);
    if (spentUntil !== undefined && spentUntil > clock.now()) blockedUntil.set(request.limiterKey, spentUntil);
    else blockedUntil.delete(request.limiterKey);
    const parsed = response.safeParse(body);
    // X accepted the call: repeating it could post twice, so an unexpected answer is final.
    if (!parsed.success) throw new XApiError(`X answered in an unexpected shape: ${text.slice(0, 200)}`, 'permanent', { status: result.status });
    return { body: parsed.data, text };
  }

  return { call };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
