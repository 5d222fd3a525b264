import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptRegardless, answerSend, authenticate, lineError, type LineFakeChannel, type LineFakeReply, type LineFakeSend, type LineFakeState } from './line.fake-api.js';
import type { LineWebhookPayload } from './line.fake-payloads.js';
import { lineSignature } from './line.signature.js';

/** One request the fake received, for assertions. */
export interface LineFakeCall {
  method: string;
  path: string;
  authorization: string | undefined;
  retryKey: string | undefined;
  body: unknown;
  status: number;
  /** When the fake answered (its clock, ms). */
  at: number;
}

/** A scripted answer for the next call; with `afterAccepting` the fake first carries the send out (a 5xx hiding a success). */
export type LineFakeScript = LineFakeReply & { afterAccepting?: boolean };

/** How a webhook delivery is signed: correctly, with a wrong secret, or not at all. */
export type LineFakeSignature = 'valid' | 'bad' | 'missing';

/** A local stand-in for the LINE Messaging API (reply and push) and LINE's webhook sender. */
export interface LineFake {
  /** Base URL to use as RAPPORT_LINE_API_URL. */
  readonly url: string;
  readonly calls: LineFakeCall[];
  /** Every message the fake accepted, in order. */
  readonly sent: LineFakeSend[];
  addChannel(channel: LineFakeChannel): void;
  /** The next `count` calls get this answer instead of being served. */
  failNext(count: number, reply: LineFakeScript): void;
  /** Answers 429 to every call until `untilMs` (its clock); undefined lifts it. LINE sends no reset header. */
  throttle(untilMs: number | undefined): void;
  /** Spends every reply token issued so far, as time or another reply would. */
  expireReplyTokens(): void;
  onSent(listener: (send: LineFakeSend) => void): void;
  /** Signs and POSTs a webhook body to a Rapport URL as LINE does; learns its reply tokens and chats. */
  deliver(url: string, payload: LineWebhookPayload, options?: { signature?: LineFakeSignature; channelSecret?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The headers LINE sends with a webhook POST. */
export function lineWebhookHeaders(channelSecret: string, raw: string, signature: LineFakeSignature = 'valid'): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'LineBotWebhook/2.0' };
  if (signature !== 'missing') headers['x-line-signature'] = lineSignature(signature === 'bad' ? `${channelSecret}-wrong` : channelSecret, raw);
  return headers;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port; reply tokens live `replyTokenTtlMs` from their event's timestamp. */
export async function startLineFake(options: { now?: () => number; replyTokenTtlMs?: number } = {}): Promise<LineFake> {
  const state: LineFakeState = {
    channels: new Map(), replyTokens: new Map(), chats: new Set(), retryKeys: new Map(), sent: [], replyTokenTtlMs: options.replyTokenTtlMs ?? 60_000, now: options.now ?? Date.now,
  };
  const calls: LineFakeCall[] = [];
  const scripted: LineFakeScript[] = [];
  const listeners: Array<(send: LineFakeSend) => void> = [];
  let throttledUntil: number | undefined;

  function answer(method: string, path: string, headers: http.IncomingHttpHeaders, body: unknown): LineFakeReply {
    const endpoint = path === '/v2/bot/message/reply' ? 'reply' : path === '/v2/bot/message/push' ? 'push' : undefined;
    if (method !== 'POST' || endpoint === undefined) return lineError(404, 'Not found');
    const channel = authenticate(state, headers.authorization);
    if (!('botUserId' in channel)) return channel;
    if (throttledUntil !== undefined && state.now() < throttledUntil) return lineError(429, 'The API rate limit has been exceeded. Try again later.');
    if (headers['content-type']?.startsWith('application/json') !== true || typeof body !== 'object' || body === null) return lineError(415, 'Unsupported Media Type');
    const retryKey = typeof headers['x-line-retry-key'] === 'string' ? headers['x-line-retry-key'] : undefined;
    const request = { channel, endpoint, retryKey, body: body as Record<string, unknown> } as const;
    const script = scripted.shift();
    if (script?.afterAccepting === true) {
      acceptRegardless(state, request);
      return script;
    }
    return script ?? answerSend(state, request);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      const accepted = state.sent.length;
      const reply = answer(request.method ?? 'GET', path, request.headers, body);
      const retryKey = request.headers['x-line-retry-key'];
      calls.push({ method: request.method ?? 'GET', path, authorization: request.headers.authorization, retryKey: typeof retryKey === 'string' ? retryKey : undefined, body, status: reply.status, at: state.now() });
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body));
      for (const send of state.sent.slice(accepted)) for (const listener of listeners) setImmediate(() => listener(send));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: state.sent,
    addChannel: (channel) => void state.channels.set(channel.botUserId, channel),
    failNext: (count, reply) => void scripted.push(...Array.from({ length: count }, () => reply)),
    throttle: (untilMs) => void (throttledUntil = untilMs),
    expireReplyTokens: () => state.replyTokens.forEach((token) => void (token.used = true)),
    onSent: (listener) => void listeners.push(listener),
    async deliver(url, payload, deliverOptions = {}) {
      learn(state, payload);
      const channelSecret = deliverOptions.channelSecret ?? state.channels.get(payload.destination)?.channelSecret ?? '';
      // LINE sends UTF-8 JSON as is (no \u escapes); the signature covers exactly these bytes.
      const raw = JSON.stringify(payload);
      const result = await fetch(url, { method: 'POST', headers: lineWebhookHeaders(channelSecret, raw, deliverOptions.signature), body: raw });
      return { status: result.status, body: await result.text() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}

/** What a delivery teaches the fake: the reply token of each event and the chats that wrote to the bot. */
function learn(state: LineFakeState, payload: LineWebhookPayload): void {
  for (const event of payload.events as Array<{ replyToken?: string; timestamp?: number; source?: { type?: string; userId?: string; groupId?: string; roomId?: string } }>) {
    const source = event.source ?? {};
    const chat = source.type === 'group' ? source.groupId : source.type === 'room' ? source.roomId : source.userId;
    if (chat === undefined) continue;
    state.chats.add(`${payload.destination}:${chat}`);
    if (source.userId !== undefined) state.chats.add(`${payload.destination}:${source.userId}`);
    if (event.replyToken !== undefined) state.replyTokens.set(event.replyToken, { botUserId: payload.destination, to: chat, issuedAt: event.timestamp ?? state.now(), used: false });
  }
}
