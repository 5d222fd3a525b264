import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidRequest, listPosts, throttled, xProblem, type FakeXReply } from './x.fake-api.js';
import { directMessageEvents, dmEvent, tweetCreateEvents, v1Tweet } from './x.fake-payloads.js';
import { createFakeXOAuth, type FakeXClient, type FakeXOAuth, type FakeXTokenOwner, type FakeXTokenPair } from './x.fake-oauth.js';
import { createFakeXStore, type FakeXPost, type FakeXStore, type FakeXUser, type NewFakePost } from './x.fake-store.js';
import { createPost, sendDm, type FakeXDm, type FakeXPosted } from './x.fake-writes.js';
import { xSignature, xSignatureHeader } from './x.signature.js';

/** The rate-limit families of the endpoints the fake serves (each has its own 15-minute window and headers); `oauth2` is the token endpoint. */
export type FakeXFamily = 'tweets' | 'dm' | 'mentions' | 'search' | 'oauth2';
/** How a webhook delivery is signed: correctly, with a wrong secret, or not at all. */
export type FakeXSignature = 'valid' | 'bad' | 'missing';

/** One request the fake received, for assertions. */
export interface FakeXCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The JSON body, or the form of a form-encoded request (the token endpoint) as an object. */
  body: unknown;
  status: number;
  family: FakeXFamily | undefined;
  /** When the fake answered (its clock, ms). */
  at: number;
}

/** A rate limit imposed until `untilMs`: 429 with x-rate-limit-reset; the body as observed (`problem`) or as the docs show it (`v1`). */
export interface FakeXThrottle {
  untilMs: number;
  shape?: 'problem' | 'v1';
}

/** The outcome of a Challenge-Response Check against a webhook URL. */
export interface FakeCrcResult {
  valid: boolean;
  status: number;
  body: string;
}

/** A local stand-in for the X API v2 and X's webhook sender (Account Activity deliveries, CRC checks). */
export interface XFake {
  /** Base URL to use as RAPPORT_X_API_URL. */
  readonly url: string;
  readonly store: FakeXStore;
  readonly calls: FakeXCall[];
  /** Posts accepted by POST /2/tweets, in order. */
  readonly posted: FakeXPosted[];
  /** DMs accepted, in order. */
  readonly dms: FakeXDm[];
  /** Bearer tokens, the app's OAuth 2.0 clients and the token endpoint (POST /2/oauth2/token). */
  readonly oauth: FakeXOAuth;
  addUser(user: FakeXUser): FakeXUser;
  /** Accepts a bearer token (until `expiresAt`, when given): a user-context token of that user, or an app-only token. */
  addToken(token: string, owner: FakeXTokenOwner, expiresAt?: number): void;
  /** From now on the token is refused with 401, as an expired or revoked token is (or accepted again, with `expired` false). */
  expireToken(token: string, expired?: boolean): void;
  /** Registers an OAuth 2.0 client of the app (confidential when it has a secret). */
  addClient(client: FakeXClient): void;
  /** A user's token pair as connecting the account (authorization code with PKCE and `offline.access`) would give it. */
  issueTokens(userId: string, options?: { clientId?: string; expiresInMs?: number }): FakeXTokenPair;
  /** Answers calls of one family (or any) only after `ms`, as a slow platform would; 0 ends it. */
  delay(family: FakeXFamily | undefined, ms: number): void;
  addPost(input: NewFakePost): FakeXPost;
  /** The most results one page returns, whatever max_results asks (X may return fewer). */
  setPageCap(size: number): void;
  setLimit(family: FakeXFamily, limit: number): void;
  throttle(family: FakeXFamily, throttle: FakeXThrottle | undefined): void;
  /** The next `count` calls (of one family, or any) get this answer: a 5xx, a permanent 4xx, … */
  failNext(count: number, reply: FakeXReply, family?: FakeXFamily): void;
  /** Leaves calls of one family unanswered (after answering `after` more of them), as a hung connection would; undefined ends it. */
  stall(family: FakeXFamily | undefined, options?: { after?: number }): void;
  /** Carries out the next call of the family but drops the connection instead of answering: a lost answer. */
  loseNextAnswer(family: FakeXFamily): void;
  /** Subscribes a user's Account Activity to a webhook URL, after a CRC check as X does on registration. */
  subscribe(userId: string, url: string): Promise<FakeCrcResult>;
  /** Runs X's CRC check against a URL with the app's consumer secret. */
  crc(url: string): Promise<FakeCrcResult>;
  /** Signs and POSTs a payload to a webhook URL as X does. */
  deliver(url: string, payload: unknown, signature?: FakeXSignature): Promise<{ status: number; body: string }>;
  /** Delivers a post to the subscribed users it mentions, answers or quotes (and to its author, as an echo). */
  deliverPost(post: FakeXPost): Promise<void>;
  /** A customer DMs a subscribed user: the DM is created and delivered. */
  receiveDm(input: { from: string; to: string; text: string; at?: number }): Promise<FakeXDm>;
  /** Waits for the deliveries in flight (echoes of posts and DMs). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const windowMs = 15 * 60_000;
const defaultLimits: Record<FakeXFamily, number> = { tweets: 100, dm: 15, mentions: 300, search: 300, oauth2: Number.MAX_SAFE_INTEGER };

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port; `consumerSecret` is the app's, which signs webhooks and CRC
 * answers. `webhookDelayMs` is how long after its answer X's own webhooks (echoes of posts and DMs) follow (default 0).
 */
export async function startXFake(options: { consumerSecret: string; now?: () => number; webhookDelayMs?: number }): Promise<XFake> {
  const now = options.now ?? Date.now;
  const store = createFakeXStore(now);
  const calls: FakeXCall[] = [];
  const posted: FakeXPosted[] = [];
  const dms: FakeXDm[] = [];
  const oauth = createFakeXOAuth(now);
  const limits = { ...defaultLimits };
  const windows = new Map<string, { start: number; used: number }>();
  const throttles = new Map<FakeXFamily, FakeXThrottle>();
  const scripted: Array<{ reply: FakeXReply; family: FakeXFamily | undefined }> = [];
  const subscriptions = new Map<string, string>();
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const webhookDelayMs = options.webhookDelayMs ?? 0;
  let stalled: { family: FakeXFamily; passes: number } | undefined;
  const losing = new Set<FakeXFamily>();
  let pageCap = 100;
  let slow: { family: FakeXFamily | undefined; ms: number } = { family: undefined, ms: 0 };

  function familyOf(method: string, path: string): { family: FakeXFamily; userId?: string; participantId?: string } | undefined {
    const mentions = /^\/2\/users\/([^/]+)\/mentions$/.exec(path);
    if (method === 'GET' && mentions !== null) return { family: 'mentions', userId: decodeURIComponent(mentions[1] ?? '') };
    if (method === 'GET' && path === '/2/tweets/search/recent') return { family: 'search' };
    if (method === 'POST' && path === '/2/tweets') return { family: 'tweets' };
    const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
    if (method === 'POST' && dm !== null) return { family: 'dm', participantId: decodeURIComponent(dm[1] ?? '') };
    if (method === 'POST' && path === '/2/oauth2/token') return { family: 'oauth2' };
    return undefined;
  }

  function rateHeaders(family: FakeXFamily, key: string, at: number): { headers: Record<string, string>; spent: boolean } {
    const throttle = throttles.get(family);
    if (throttle !== undefined && at < throttle.untilMs) return { spent: true, headers: { 'x-rate-limit-limit': String(limits[family]), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(throttle.untilMs / 1000)) } };
    const windowKey = `${family}:${key}`;
    let window = windows.get(windowKey);
    if (window === undefined || at >= window.start + windowMs) windows.set(windowKey, (window = { start: at, used: 0 }));
    const spent = window.used >= limits[family];
    if (!spent) window.used += 1;
    const reset = String(Math.ceil((window.start + windowMs) / 1000));
    return { spent, headers: { 'x-rate-limit-limit': String(limits[family]), 'x-rate-limit-remaining': String(Math.max(0, limits[family] - window.used)), 'x-rate-limit-reset': reset } };
  }

  function answer(method: string, url: URL, authorization: string | undefined, body: unknown, contentType: string | undefined, text: string): { reply: FakeXReply; family: FakeXFamily | undefined } {
    const route = familyOf(method, url.pathname);
    if (route === undefined) return { family: undefined, reply: xProblem(404, 'Not Found Error', `Sorry, that page does not exist: ${method} ${url.pathname}`, 'https://api.x.com/2/problems/resource-not-found') };
    const { family } = route;
    if (family === 'oauth2') {
      const failure = scripted.findIndex((item) => item.family === 'oauth2');
      if (failure >= 0) return { family, reply: (scripted.splice(failure, 1)[0] as { reply: FakeXReply }).reply };
      return { family, reply: oauth.answerToken({ authorization, contentType, body: text }) };
    }
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const owner = token === undefined ? undefined : oauth.ownerOf(token);
    if (owner === undefined) return { family, reply: xProblem(401, 'Unauthorized', 'Unauthorized') };
    const at = now();
    const rate = rateHeaders(family, owner === 'app' ? 'app' : owner.userId, at);
    const withHeaders = (reply: FakeXReply) => ({ family, reply: { ...reply, headers: { ...rate.headers, ...reply.headers } } });
    if (rate.spent) return withHeaders(throttled(throttles.get(family)?.shape ?? 'problem'));
    const failure = scripted.findIndex((item) => item.family === undefined || item.family === family);
    if (failure >= 0) return withHeaders((scripted.splice(failure, 1)[0] as { reply: FakeXReply }).reply);
    if (family === 'mentions' || family === 'search') return withHeaders(listPosts(store, family, url.searchParams, { pageCap }, route.userId));
    if (owner === 'app') {
      return withHeaders(xProblem(403, 'Unsupported Authentication', 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].', 'https://api.x.com/2/problems/unsupported-authentication'));
    }
    if (contentType?.startsWith('application/json') !== true || body === undefined) return withHeaders(invalidRequest('The request body must be JSON with Content-Type: application/json'));
    if (family === 'tweets') return withHeaders(createPost(store, owner.userId, body, posted));
    return withHeaders(sendDm(store, owner.userId, route.participantId ?? '', body, dms));
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void respond(request, response, Buffer.concat(chunks).toString('utf8')));
  });

  async function respond(request: http.IncomingMessage, response: http.ServerResponse, text: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const isForm = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') === true;
    let body: unknown;
    try {
      body = text === '' ? undefined : isForm ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const routeFamily = familyOf(method, url.pathname)?.family;
    if (stalled !== undefined && routeFamily === stalled.family && (stalled.passes -= 1) < 0) return;
    if (slow.ms > 0 && (slow.family === undefined || slow.family === routeFamily)) await new Promise((resolve) => setTimeout(resolve, slow.ms));
    const before = { posts: posted.length, dms: dms.length };
    const { reply, family } = answer(method, url, request.headers.authorization, isForm ? undefined : body, request.headers['content-type'], text);
    calls.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: request.headers.authorization, contentType: request.headers['content-type'], body, status: reply.status, family, at: now() });
    if (family !== undefined && losing.delete(family)) request.socket.destroy();
    else {
      response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      response.end(JSON.stringify(reply.body));
    }
    // X's own webhooks follow its answer: the author's echo, and the users the post or DM is for.
    for (const item of posted.slice(before.posts)) track(afterWebhookDelay(() => fake.deliverPost(item.post)));
    for (const dm of dms.slice(before.dms)) track(afterWebhookDelay(() => deliverDm(dm)));
  }

  function afterWebhookDelay(send: () => Promise<void>): Promise<void> {
    if (webhookDelayMs <= 0) return send();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(send());
      }, webhookDelayMs);
      timers.set(timer, resolve);
    });
  }

  function track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  async function deliverDm(dm: FakeXDm): Promise<void> {
    const users = [dm.senderId, dm.recipientId].map((id) => store.users.get(id)).filter((user): user is FakeXUser => user !== undefined);
    for (const userId of new Set([dm.senderId, dm.recipientId])) {
      const url = subscriptions.get(userId);
      if (url !== undefined) await fake.deliver(url, directMessageEvents(userId, [dmEvent(dm)], users));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: XFake = {
    url: `http://127.0.0.1:${port}`,
    store, calls, posted, dms, oauth,
    addUser: (user) => store.addUser(user),
    addToken: (token, owner, expiresAt) => oauth.addToken(token, owner, expiresAt),
    expireToken: (token, isExpired = true) => oauth.expireToken(token, isExpired),
    addClient: (client) => oauth.addClient(client),
    issueTokens: (userId, issueOptions) => oauth.issue(userId, issueOptions),
    delay: (family, ms) => void (slow = { family, ms }),
    addPost: (input) => store.addPost(input),
    setPageCap: (size) => void (pageCap = size),
    setLimit: (family, limit) => void (limits[family] = limit),
    throttle: (family, throttle) => void (throttle === undefined ? throttles.delete(family) : throttles.set(family, throttle)),
    failNext: (count, reply, family) => void scripted.push(...Array.from({ length: count }, () => ({ reply, family }))),
    stall: (family, stallOptions = {}) => void (stalled = family === undefined ? undefined : { family, passes: stallOptions.after ?? 0 }),
    loseNextAnswer: (family) => void losing.add(family),
    async subscribe(userId, url) {
      const result = await fake.crc(url);
      if (result.valid) subscriptions.set(userId, url);
      return result;
    },
    async crc(url) {
      const token = randomBytes(24).toString('base64url');
      const result = await fetch(`${url}${url.includes('?') ? '&' : '?'}crc_token=${encodeURIComponent(token)}`);
      const body = await result.text();
      let responseToken: unknown;
      try {
        responseToken = (JSON.parse(body) as { response_token?: unknown }).response_token;
      } catch {
        responseToken = undefined;
      }
      const json = result.headers.get('content-type')?.startsWith('application/json') === true;
      return { valid: result.status === 200 && json && responseToken === xSignature(options.consumerSecret, token), status: result.status, body };
    },
    async deliver(url, payload, signature = 'valid') {
      const raw = JSON.stringify(payload);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'X-Webhooks' };
      if (signature !== 'missing') headers[xSignatureHeader] = xSignature(signature === 'bad' ? `${options.consumerSecret}-wrong` : options.consumerSecret, raw);
      const result = await fetch(url, { method: 'POST', headers, body: raw });
      return { status: result.status, body: await result.text() };
    },
    async deliverPost(post) {
      const parent = post.references.find((reference) => reference.type === 'replied_to' || reference.type === 'quoted');
      const about = parent === undefined ? undefined : store.post(parent.id)?.authorId;
      for (const userId of new Set([post.authorId, ...post.mentions, ...(about === undefined ? [] : [about])])) {
        const url = subscriptions.get(userId);
        if (url !== undefined) await fake.deliver(url, tweetCreateEvents(userId, [v1Tweet(post, store.users)], { mention: userId !== post.authorId }));
      }
    },
    async receiveDm(input) {
      const dm: FakeXDm = { id: store.nextId(input.at), conversationId: [input.from, input.to].sort().join('-'), senderId: input.from, recipientId: input.to, text: input.text, createdAt: input.at ?? now(), body: {} };
      await deliverDm(dm);
      return dm;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: () => new Promise<void>((resolve, reject) => {
      // Webhooks still to come are dropped, as a platform that went away would never send them.
      for (const [timer, drop] of timers) {
        clearTimeout(timer);
        drop();
      }
      timers.clear();
      server.closeAllConnections();
      server.close((error) => (error === undefined ? resolve() : reject(error)));
    }),
  };
  return fake;
}
