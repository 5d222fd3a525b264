import type { Clock } from '../../../infra/clock.js';
import type { ChannelConfig } from '../channel.config.js';
import { tgAnswer } from './telegram.schemas.js';

/** How a failed Bot API call should be handled: wait for flood control, retry, fix the token, resend to a migrated chat, or give up. */
export type TelegramFailureKind = 'rate-limited' | 'transient' | 'auth' | 'migrated' | 'permanent';

/** A Bot API call that failed, with Telegram's description and what to do about it. */
export class TelegramApiError extends Error {
  override readonly name = 'TelegramApiError';
  constructor(message: string, readonly kind: TelegramFailureKind, readonly details: { errorCode?: number; retryAfterMs?: number; migrateToChatId?: number } = {}) {
    super(message);
  }
}

/** Calls Bot API methods (or the fake) and returns `result` of an `ok: true` answer. */
export interface TelegramClient {
  call(method: string, botToken: string, params: Record<string, unknown>, limiterKey: string): Promise<unknown>;
}

/** Wait after a 429 that names no retry_after. */
const defaultFloodWaitMs = 5_000;
const maxWaitMs = 60 * 60_000;

/** Creates a client for the configured Bot API base URL. The bot token is part of every URL: never log one. */
export function createTelegramClient(config: Pick<ChannelConfig, 'telegram' | 'timeoutMs'>, clock: Clock, fetchImpl: typeof fetch = fetch): TelegramClient {
  const blockedUntil = new Map<string, number>();
  const host = new URL(config.telegram.apiUrl).host;

  async function call(method: string, botToken: string, params: Record<string, unknown>, limiterKey: string): Promise<unknown> {
    const until = blockedUntil.get(limiterKey) ?? 0;
    if (until > clock.now()) throw new TelegramApiError('Too Many Requests: waiting for Telegram\'s flood control', 'rate-limited', { retryAfterMs: until - clock.now() });
    let response: Response;
    try {
      response = await fetchImpl(`${config.telegram.apiUrl}/bot${botToken}/${method}`, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(params), signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      // The URL holds the bot token: it must not reach a message shown to agents or written to logs.
      const reason = (error instanceof Error ? error.message : String(error)).split(botToken).join('<bot token>');
      throw new TelegramApiError(`Could not reach ${host}: ${reason}`, 'transient');
    }
    const answer = tgAnswer.safeParse(parseBody(await response.text()));
    if (answer.success && answer.data.ok && response.ok) {
      blockedUntil.delete(limiterKey);
      return answer.data.result;
    }
    const failure = classifyTelegramFailure(response.status, answer.success ? answer.data : undefined);
    if (failure.details.retryAfterMs !== undefined) blockedUntil.set(limiterKey, clock.now() + failure.details.retryAfterMs);
    throw failure;
  }

  return { call };
}

/**
 * Classifies a failed call by `error_code` (the HTTP status when the body is not Telegram's, e.g. a proxy's 502):
 * 429 waits `parameters.retry_after` seconds; 401 (and the 404 a malformed token gets) means the token is wrong; 5xx is
 * retried; a group upgraded to a supergroup names its new chat id; anything else (400 chat not found, 403 bot blocked) is final.
 */
export function classifyTelegramFailure(status: number, answer: { error_code?: number | undefined; description?: string | undefined; parameters?: { retry_after?: number | undefined; migrate_to_chat_id?: number | undefined } | undefined } | undefined): TelegramApiError {
  const code = answer?.error_code ?? status;
  const description = `${answer?.description ?? `HTTP ${status}`} [error_code ${code}]`.slice(0, 900);
  const details = { errorCode: code };
  if (code === 429) {
    const seconds = answer?.parameters?.retry_after;
    return new TelegramApiError(description, 'rate-limited', { ...details, retryAfterMs: Math.min(maxWaitMs, seconds === undefined ? defaultFloodWaitMs : Math.ceil(seconds * 1000)) });
  }
  if (code === 401 || code === 404) return new TelegramApiError(description, 'auth', details);
  if (code >= 500 || status >= 500) return new TelegramApiError(description, 'transient', details);
  const migrateTo = answer?.parameters?.migrate_to_chat_id;
  if (migrateTo !== undefined) return new TelegramApiError(description, 'migrated', { ...details, migrateToChatId: migrateTo });
  return new TelegramApiError(description, 'permanent', details);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
