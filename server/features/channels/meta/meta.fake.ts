import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaSignature } from './meta.signature.js';
import type { MetaPayload } from './meta.fake-payloads.js';
import { graphError, routeGraphPost, checkAuth, type FakeAsset, type FakeGraphState, type FakeReply, type FakeSend } from './meta.fake-graph.js';

/** One request the fake received, for assertions. */
export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  status: number;
  /** When the fake answered (its clock, ms). */
  at: number;
}

/** A rate limit the fake imposes until `untilMs`, with the headers Meta sends (and optionally Retry-After). */
export interface FakeThrottle {
  untilMs: number;
  status?: number;
  code?: number;
  /** Also send Retry-After (seconds). Meta documents only the usage headers; tests use this to wait seconds, not minutes. */
  retryAfterHeader?: boolean;
}

/** How a webhook delivery is signed: correctly, with a wrong secret, or not at all. */
export type FakeSignature = 'valid' | 'bad' | 'missing';

/** A local stand-in for the Graph API (Messenger, Page comments, Instagram, WhatsApp Cloud API) and Meta's webhook sender. */
export interface MetaFake {
  /** Base URL to use as RAPPORT_META_GRAPH_URL. */
  readonly url: string;
  readonly calls: FakeCall[];
  /** Every write the fake accepted, in order. */
  readonly sent: FakeSend[];
  addAsset(asset: FakeAsset): void;
  /** Notes that a customer wrote at `at` (opens the messaging window), as delivering their message does. */
  customerWrote(assetId: string, customerId: string, at: number): void;
  /** Knows a comment (or visitor post) on an asset that exists already, as delivering it would have taught the fake. */
  addComment(assetId: string, commentId: string): void;
  /** The next `count` Graph calls fail with this answer (a 5xx, a permanent 4xx, …). */
  failNext(count: number, reply: FakeReply): void;
  throttle(throttle: FakeThrottle | undefined): void;
  /** Calls back after each accepted write, e.g. for a demo to deliver the WhatsApp statuses or Messenger echo that would follow. */
  onSent(listener: (send: FakeSend) => void): void;
  /** Signs and POSTs a payload to a Rapport webhook URL as Meta does; learns windows and comments from it. */
  deliver(url: string, payload: MetaPayload, options?: { signature?: FakeSignature; appSecret?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * Meta serialises webhook bodies with non-ASCII characters as \uXXXX escapes and `/` as `\/`; the fake does the same,
 * so an adapter that re-serialised parsed JSON before checking the signature would fail exactly as it would in production.
 */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** The headers Meta sends with a webhook POST. */
export function metaWebhookHeaders(appSecret: string, raw: string, signature: FakeSignature = 'valid'): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (signature === 'missing') return headers;
  const secret = signature === 'bad' ? `${appSecret}-wrong` : appSecret;
  headers['x-hub-signature-256'] = metaSignature(secret, raw);
  headers['x-hub-signature'] = `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;
  return headers;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startMetaFake(options: { now?: () => number } = {}): Promise<MetaFake> {
  const state: FakeGraphState = { assets: new Map(), comments: new Map(), lastCustomerMessage: new Map(), sent: [], now: options.now ?? Date.now };
  const calls: FakeCall[] = [];
  const scripted: FakeReply[] = [];
  let throttle: FakeThrottle | undefined;
  const listeners: Array<(send: FakeSend) => void> = [];

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        body = undefined;
      }
      const accepted = state.sent.length;
      const reply = answer(request.method ?? 'GET', url.pathname, query, request.headers.authorization, body, request.headers['content-type']);
      calls.push({ method: request.method ?? 'GET', path: url.pathname, query, authorization: request.headers.authorization, body, status: reply.status, at: state.now() });
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body));
      // After the answer, as the platform's own webhooks follow its response.
      for (const send of state.sent.slice(accepted)) for (const listener of listeners) setImmediate(() => listener(send));
    });
  });

  function answer(method: string, path: string, query: Record<string, string>, authorization: string | undefined, body: unknown, contentType: string | undefined): FakeReply {
    const match = /^\/v\d+\.\d+\/(.+)$/.exec(path);
    if (match?.[1] === undefined) return graphError(400, 2500, 'Unknown path components');
    const now = state.now();
    if (throttle !== undefined && now < throttle.untilMs) return throttled(throttle, now);
    const failure = scripted.shift();
    if (failure !== undefined) return failure;
    if (method !== 'POST') return graphError(400, 100, 'Unsupported get request.');
    if (contentType?.startsWith('application/json') !== true || typeof body !== 'object' || body === null) return graphError(400, 100, '(#100) The request body must be JSON');
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? query.access_token;
    const route = routeGraphPost(state, match[1].split('/').map(decodeURIComponent), token, body as Record<string, unknown>);
    if (!('run' in route)) return route;
    return checkAuth(route.asset, token, query.appsecret_proof) ?? route.run();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: state.sent,
    addAsset: (asset) => void state.assets.set(asset.id, asset),
    customerWrote: (assetId, customerId, at) => void state.lastCustomerMessage.set(`${assetId}:${customerId}`, at),
    addComment: (assetId, commentId) => void state.comments.set(commentId, assetId),
    failNext: (count, reply) => void scripted.push(...Array.from({ length: count }, () => reply)),
    throttle: (next) => void (throttle = next),
    onSent: (listener) => void listeners.push(listener),
    async deliver(url, payload, deliverOptions = {}) {
      learn(state, payload);
      const appSecret = deliverOptions.appSecret ?? assetOf(state, payload)?.appSecret ?? '';
      const raw = metaJson(payload);
      const result = await fetch(url, { method: 'POST', headers: metaWebhookHeaders(appSecret, raw, deliverOptions.signature), body: raw });
      return { status: result.status, body: await result.text() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}

function throttled(throttle: FakeThrottle, now: number): FakeReply {
  const remainingMs = throttle.untilMs - now;
  const code = throttle.code ?? 4;
  const message = code === 130429 ? 'Rate limit hit' : code === 4 ? '(#4) Application request limit reached' : '(#80007) Rate limit hit';
  const reply = graphError(throttle.status ?? 429, code, message, { is_transient: true });
  reply.headers = {
    'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 25, total_time: 40 }),
    'x-business-use-case-usage': JSON.stringify({ '102290129340398': [{ type: 'whatsapp', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: Math.ceil(remainingMs / 60_000) }] }),
    ...(throttle.retryAfterHeader === true ? { 'retry-after': String(Math.ceil(remainingMs / 1000)) } : {}),
  };
  return reply;
}

/** What a delivery teaches the fake: customers who wrote (windows) and comments that now exist. */
function learn(state: FakeGraphState, payload: MetaPayload): void {
  for (const entry of payload.entry) {
    const assetId = String(entry.id);
    for (const event of (entry.messaging ?? []) as Array<{ sender?: { id?: string }; timestamp?: number; message?: { is_echo?: boolean } }>) {
      if (event.message !== undefined && event.message.is_echo !== true && event.sender?.id !== undefined) state.lastCustomerMessage.set(`${assetId}:${event.sender.id}`, event.timestamp ?? state.now());
    }
    for (const change of (entry.changes ?? []) as Array<{ field?: string; value?: Record<string, unknown> }>) {
      const value = change.value ?? {};
      if (change.field === 'feed' && typeof value.comment_id === 'string') state.comments.set(value.comment_id, assetId);
      if (change.field === 'comments' && typeof value.id === 'string') state.comments.set(value.id, assetId);
      const metadata = value.metadata as { phone_number_id?: string } | undefined;
      for (const message of (value.messages ?? []) as Array<{ from?: string; timestamp?: string }>) {
        if (metadata?.phone_number_id !== undefined && message.from !== undefined) state.lastCustomerMessage.set(`${metadata.phone_number_id}:${message.from}`, Number(message.timestamp ?? 0) * 1000);
      }
    }
  }
}

function assetOf(state: FakeGraphState, payload: MetaPayload): FakeAsset | undefined {
  const entry = payload.entry[0];
  if (entry === undefined) return undefined;
  const change = (entry.changes as Array<{ value?: { metadata?: { phone_number_id?: string } } }> | undefined)?.[0];
  return state.assets.get(change?.value?.metadata?.phone_number_id ?? String(entry.id));
}
