import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../../../infra/clock.js';
import type { ChannelConfig } from '../channel.config.js';
import { businessUseCaseWaitMinutes, classifyGraphFailure, GraphApiError, highestUsagePercent } from './graph.errors.js';

/** One Graph API call on behalf of an account. */
export interface GraphCall {
  method: 'GET' | 'POST';
  /** The path after the version, e.g. `1234/messages`. */
  path: string;
  accessToken: string;
  /** `query` sends `?access_token=` (Pages and Messenger samples); `bearer` sends `Authorization: Bearer` (WhatsApp Cloud API). */
  auth: 'query' | 'bearer';
  /** When set, `appsecret_proof` (HMAC-SHA256 of the token under the app secret) goes with the call. */
  appSecret?: string | undefined;
  body?: Record<string, unknown>;
  /** Calls with the same key share what the rate-limit headers said (one key per channel account). */
  limiterKey: string;
}

/** Calls the Graph API (or its fake) and turns failures into classified GraphApiErrors. */
export interface GraphClient {
  call<S extends z.ZodType>(call: GraphCall, response: S): Promise<z.infer<S>>;
  /** The URL of a Graph object, e.g. a WhatsApp media id. */
  objectUrl(id: string): string;
}

/** Creates a client for the configured Graph base URL and version. */
export function createGraphClient(config: Pick<ChannelConfig, 'meta' | 'timeoutMs'>, clock: Clock, fetchImpl: typeof fetch = fetch): GraphClient {
  const base = `${config.meta.graphUrl}/${config.meta.graphVersion}`;
  /** Until when each limiter key must not call, learned from usage headers at 100 %. */
  const blockedUntil = new Map<string, number>();

  async function call<S extends z.ZodType>(request: GraphCall, response: S): Promise<z.infer<S>> {
    const now = clock.now();
    const until = blockedUntil.get(request.limiterKey) ?? 0;
    if (until > now) throw new GraphApiError('Rate limited: waiting for the usage reported by Meta to recover', 'rate-limited', { retryAfterMs: until - now });
    const url = new URL(`${base}/${request.path}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.auth === 'bearer') headers.authorization = `Bearer ${request.accessToken}`;
    else url.searchParams.set('access_token', request.accessToken);
    if (request.appSecret !== undefined && request.appSecret !== '') {
      url.searchParams.set('appsecret_proof', createHmac('sha256', request.appSecret).update(request.accessToken).digest('hex'));
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let result: Response;
    try {
      result = await fetchImpl(url, {
        method: request.method, headers, signal: AbortSignal.timeout(config.timeoutMs),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphApiError(`Could not reach ${url.host}: ${reason}`, 'transient');
    }
    const text = await result.text();
    const body = parseBody(text);
    if (!result.ok) {
      const failure = classifyGraphFailure(result.status, body, result.headers, clock.now());
      // Other sends of the account wait for the same reset instead of hitting the limit again.
      if (failure.details.retryAfterMs !== undefined) blockedUntil.set(request.limiterKey, clock.now() + failure.details.retryAfterMs);
      throw failure;
    }
    remember(request.limiterKey, result.headers);
    const parsed = response.safeParse(body);
    // Meta accepted the call: retrying could post twice, so an unexpected answer is final.
    if (!parsed.success) throw new GraphApiError(`Meta accepted the request but answered in an unexpected shape: ${text.slice(0, 200)}`, 'permanent', { status: result.status });
    return parsed.data;
  }

  /** A success at 100 % usage with a regain estimate means the next call would be throttled: wait for it instead. */
  function remember(key: string, headers: Headers): void {
    if (highestUsagePercent(headers) < 100) {
      blockedUntil.delete(key);
      return;
    }
    const minutes = businessUseCaseWaitMinutes(headers.get('x-business-use-case-usage')) ?? 0;
    if (minutes > 0) blockedUntil.set(key, clock.now() + minutes * 60_000);
  }

  return { call, objectUrl: (id) => `${base}/${encodeURIComponent(id)}` };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
