import { createHash } from 'node:crypto';
import type { Clock } from '../../../infra/clock.js';
import type { ChannelConfig } from '../channel.config.js';
import { classifyLineFailure, LineApiError } from './line.errors.js';
import { lineSentAnswer } from './line.schemas.js';

/** The two send endpoints Rapport uses. */
export const lineEndpoints = { reply: '/v2/bot/message/reply', push: '/v2/bot/message/push' } as const;

/** One send on behalf of an account. */
export interface LineSendCall {
  endpoint: keyof typeof lineEndpoints;
  accessToken: string;
  body: Record<string, unknown>;
  /** X-Line-Retry-Key: push only (the reply endpoint answers 400 to it). */
  retryKey?: string;
  /** Calls with the same key share a rate-limit wait (one key per channel account). */
  limiterKey: string;
}

/** What LINE accepted: the new message's id, or, for a retry key LINE had already accepted (409), what it says about it. */
export interface LineSendOutcome {
  messageId: string | undefined;
  requestId: string | undefined;
  /** True when this call was a retry of a request LINE had already executed: nothing new was sent. */
  alreadyAccepted: boolean;
}

/** Calls the Messaging API (or its fake) and turns failures into classified LineApiErrors. */
export interface LineClient {
  send(call: LineSendCall): Promise<LineSendOutcome>;
}

/** Creates a client for the configured LINE base URL. */
export function createLineClient(config: Pick<ChannelConfig, 'line' | 'timeoutMs'>, clock: Clock, fetchImpl: typeof fetch = fetch): LineClient {
  const blockedUntil = new Map<string, number>();

  async function send(call: LineSendCall): Promise<LineSendOutcome> {
    const until = blockedUntil.get(call.limiterKey) ?? 0;
    if (until > clock.now()) throw new LineApiError('Rate limited: waiting for LINE\'s limit to reset', 'rate-limited', { retryAfterMs: until - clock.now() });
    const url = `${config.line.apiUrl}${lineEndpoints[call.endpoint]}`;
    const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}`, 'content-type': 'application/json', accept: 'application/json' };
    if (call.retryKey !== undefined) headers['x-line-retry-key'] = call.retryKey;
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(call.body), signal: AbortSignal.timeout(config.timeoutMs) });
    } catch (error) {
      throw new LineApiError(`Could not reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`, 'transient');
    }
    const body = parseBody(await response.text());
    const requestId = response.headers.get('x-line-request-id') ?? undefined;
    // LINE executed this retry key's request before: the message exists, and sending again would duplicate it.
    if (response.status === 409 && call.retryKey !== undefined) {
      return { messageId: firstSentId(body), requestId: response.headers.get('x-line-accepted-request-id') ?? requestId, alreadyAccepted: true };
    }
    if (!response.ok) {
      const failure = classifyLineFailure(response.status, body, response.headers, clock.now());
      if (failure.details.retryAfterMs !== undefined) blockedUntil.set(call.limiterKey, clock.now() + failure.details.retryAfterMs);
      throw failure;
    }
    blockedUntil.delete(call.limiterKey);
    return { messageId: firstSentId(body), requestId, alreadyAccepted: false };
  }

  return { send };
}

/**
 * The X-Line-Retry-Key of one reply: a name-based UUID (version 5) of its idempotency key, so every retry of the same
 * reply carries the same key and LINE executes it at most once (within the key's 24 hours).
 */
export function lineRetryKey(idempotencyKey: string): string {
  const hash = createHash('sha1').update(retryKeyNamespace).update(idempotencyKey, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Rapport's UUID namespace for LINE retry keys (a fixed random UUID). */
const retryKeyNamespace = Buffer.from('6f1c2b7e94d34a0b8c5e2d7f30a1b9c4', 'hex');

function firstSentId(body: unknown): string | undefined {
  const parsed = lineSentAnswer.safeParse(body);
  return parsed.success ? parsed.data.sentMessages?.[0]?.id : undefined;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
