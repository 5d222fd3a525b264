import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerMethod, learnUpdate, telegramError, type TelegramFakeBot, type TelegramFakeReply, type TelegramFakeSend, type TelegramFakeState } from './telegram.fake-api.js';
import type { TelegramUpdate } from './telegram.fake-payloads.js';
import { telegramSecretHeader } from './telegram.signature.js';

/** One request the fake received, for assertions (the path is shown with the token, as the fake saw it). */
export interface TelegramFakeCall {
  method: string;
  botMethod: string;
  path: string;
  body: unknown;
  status: number;
  /** When the fake answered (its clock, ms). */
  at: number;
}

/** How a webhook delivery is authenticated: with the right secret token, a wrong one, or none. */
export type TelegramFakeSecret = 'valid' | 'bad' | 'missing';

/** A local stand-in for the Telegram Bot API and its webhook sender. */
export interface TelegramFake {
  /** Base URL to use as RAPPORT_TELEGRAM_API_URL. */
  readonly url: string;
  readonly calls: TelegramFakeCall[];
  /** Every message the fake accepted, in order. */
  readonly sent: TelegramFakeSend[];
  addBot(bot: TelegramFakeBot): void;
  /** The next `count` calls get this answer (a 5xx, a proxy's HTML page, …). */
  failNext(count: number, reply: TelegramFakeReply): void;
  /** Flood control until `untilMs` (its clock): HTTP 429 with `parameters.retry_after` in whole seconds. */
  throttle(untilMs: number | undefined): void;
  /** The user blocked the bot: sends to the chat fail with 403 and this description. */
  blockChat(botId: number, chatId: number, description?: string): void;
  /** The group became a supergroup: sends to it fail with 400 and migrate_to_chat_id. */
  migrateChat(botId: number, chatId: number, newChatId: number): void;
  onSent(listener: (send: TelegramFakeSend) => void): void;
  /** POSTs an Update to a URL (or the bot's setWebhook URL) with the secret token header; learns its chat. */
  deliver(update: TelegramUpdate, options: { botId: number; url?: string; secretToken?: string; secret?: TelegramFakeSecret }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The headers Telegram sends with a webhook POST. */
export function telegramWebhookHeaders(secretToken: string, secret: TelegramFakeSecret = 'valid'): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== 'missing') headers[telegramSecretHeader] = secret === 'bad' ? `${secretToken}x` : secretToken;
  return headers;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startTelegramFake(options: { now?: () => number } = {}): Promise<TelegramFake> {
  const state: TelegramFakeState = { bots: new Map(), chats: new Map(), seenUsers: new Set(), webhooks: new Map(), sent: [], now: options.now ?? Date.now };
  const calls: TelegramFakeCall[] = [];
  const scripted: TelegramFakeReply[] = [];
  const listeners: Array<(send: TelegramFakeSend) => void> = [];
  let throttledUntil: number | undefined;

  function answer(path: string, params: Record<string, unknown> | undefined): TelegramFakeReply {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    // A path without a well-formed token is not routed to any bot: Telegram answers 404.
    if (match?.[1] === undefined || match[2] === undefined || !/^\d+:[\w-]{20,}$/.test(match[1])) return telegramError(404, 'Not Found');
    const bot = state.bots.get(match[1]);
    if (bot === undefined) return telegramError(401, 'Unauthorized');
    const now = state.now();
    if (throttledUntil !== undefined && now < throttledUntil) {
      const retryAfter = Math.max(1, Math.ceil((throttledUntil - now) / 1000));
      return telegramError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    const script = scripted.shift();
    if (script !== undefined) return script;
    if (params === undefined) return telegramError(400, 'Bad Request: can\'t parse JSON object');
    return answerMethod(state, bot, match[2], params);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const params = readParams(url, request.headers['content-type'], Buffer.concat(chunks).toString('utf8'));
      const accepted = state.sent.length;
      const reply = answer(url.pathname, params);
      calls.push({ method: request.method ?? 'GET', botMethod: url.pathname.split('/').at(-1) ?? '', path: url.pathname, body: params, status: reply.status, at: state.now() });
      const isJson = typeof reply.body !== 'string';
      response.writeHead(reply.status, { 'content-type': isJson ? 'application/json' : 'text/html' });
      response.end(isJson ? JSON.stringify(reply.body) : reply.body);
      for (const send of state.sent.slice(accepted)) for (const listener of listeners) setImmediate(() => listener(send));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const chatOf = (botId: number, chatId: number) => state.chats.get(`${botId}:${chatId}`) ?? { chat: { id: chatId, type: 'private' }, messageIds: new Set<number>(), lastMessageId: 0 };

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: state.sent,
    addBot: (bot) => void state.bots.set(bot.token, bot),
    failNext: (count, reply) => void scripted.push(...Array.from({ length: count }, () => reply)),
    throttle: (untilMs) => void (throttledUntil = untilMs),
    blockChat(botId, chatId, description = 'Forbidden: bot was blocked by the user') {
      state.chats.set(`${botId}:${chatId}`, { ...chatOf(botId, chatId), blockedReason: description });
    },
    migrateChat(botId, chatId, newChatId) {
      state.chats.set(`${botId}:${chatId}`, { ...chatOf(botId, chatId), migratedTo: newChatId });
      state.chats.set(`${botId}:${newChatId}`, { chat: { ...chatOf(botId, chatId).chat, id: newChatId, type: 'supergroup' }, messageIds: new Set(), lastMessageId: 0 });
    },
    onSent: (listener) => void listeners.push(listener),
    async deliver(update, deliverOptions) {
      learnUpdate(state, deliverOptions.botId, update);
      const webhook = state.webhooks.get(deliverOptions.botId);
      const url = deliverOptions.url ?? webhook?.url;
      if (url === undefined) throw new Error(`bot ${deliverOptions.botId} has no webhook: call setWebhook or pass a url`);
      const secretToken = deliverOptions.secretToken ?? webhook?.secretToken ?? '';
      const result = await fetch(url, { method: 'POST', headers: telegramWebhookHeaders(secretToken, deliverOptions.secret), body: JSON.stringify(update) });
      return { status: result.status, body: await result.text() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}

/** Bot API parameters from the query string and a JSON or urlencoded body (Telegram accepts all of them). */
function readParams(url: URL, contentType: string | undefined, text: string): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (text === '') return params;
  if (contentType?.startsWith('application/x-www-form-urlencoded') === true) return { ...params, ...Object.fromEntries(new URLSearchParams(text)) };
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...params, ...(body as Record<string, unknown>) } : undefined;
  } catch {
    return undefined;
  }
}
