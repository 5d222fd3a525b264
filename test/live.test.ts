import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';
import { socketRefusal } from './helpers/socket-refusal.js';

interface Frame {
  type: string;
  workspaceId?: string;
  at?: number;
  serverTime?: number;
  data?: Record<string, unknown>;
}

/** A connected test client that keeps every frame it received. */
interface LiveClient {
  socket: WebSocket;
  frames: Frame[];
  /** Waits for a frame matching the predicate and returns it. */
  next(predicate: (frame: Frame) => boolean): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
}

const soon = { timeout: 3_000, interval: 10 };

function connect(url: string, options: ClientOptions & { protocols?: string[] } = {}): Promise<LiveClient> {
  const socket = new WebSocket(url, options.protocols ?? [], options);
  const frames: Frame[] = [];
  socket.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as Frame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = (predicate: (frame: Frame) => boolean) => vi.waitFor(() => {
    const found = frames.find(predicate);
    if (found === undefined) throw new Error(`no matching frame among ${JSON.stringify(frames.map((frame) => frame.type))}`);
    return found;
  }, soon);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, next, closed }));
    socket.once('error', reject);
  });
}

const mention = (id: string, text = 'Where is my refund?') => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public',
  author: { platformUserId: 'u-42', handle: 'jane' }, text, sentAt: '2026-11-20T10:00:00Z',
});

describe.each(testEngines)('live websocket on %s', (engine) => {
  let t: TestApp;
  let a: SeededWorkspace;
  let b: SeededWorkspace;
  let origin: string;
  const open: WebSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    a = await seedWorkspace(t.runtime);
    b = await seedWorkspace(t.runtime);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of open) socket.terminate();
    await t.close();
  });

  const liveUrl = (workspace: SeededWorkspace) => `${origin.replace('http', 'ws')}/api/v1/workspaces/${workspace.slug}/live`;
  const tracked = async (client: Promise<LiveClient>) => {
    const opened = await client;
    open.push(opened.socket);
    return opened;
  };
  const push = async (workspace: SeededWorkspace, id: string) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${workspace.slug}/inbound`, headers: bearer(workspace.token), payload: mention(id) });
    expect(response.statusCode).toBe(202);
    return response.json<{ results: Array<{ conversationId: string; messageId: string }> }>().results[0]!;
  };

  it('greets a token socket, then streams the conversation and message of an inbound post', async () => {
    const client = await tracked(connect(liveUrl(a), { headers: bearer(a.token) }));
    const hello = await client.next((frame) => frame.type === 'hello');
    expect(client.frames[0]).toBe(hello);
    expect(hello).toEqual({ type: 'hello', workspaceId: a.workspaceId, serverTime: expect.any(Number) as number });

    const { conversationId, messageId } = await push(a, 'live-1');
    const created = await client.next((frame) => frame.type === 'conversation.created');
    expect(Object.keys(created).sort()).toEqual(['at', 'data', 'type', 'workspaceId']);
    expect(created).toMatchObject({ workspaceId: a.workspaceId, data: { conversation: { id: conversationId, status: 'open' } } });
    const received = await client.next((frame) => frame.type === 'message.received');
    expect(received.data).toMatchObject({ message: { id: messageId, conversationId, text: 'Where is my refund?' } });
  });

  it('never sends one workspace\'s events to a socket of another', async () => {
    const ofA = await tracked(connect(liveUrl(a), { headers: bearer(a.token) }));
    const ofB = await tracked(connect(liveUrl(b), { headers: bearer(b.token) }));
    await ofB.next((frame) => frame.type === 'hello');
    await push(a, 'live-isolation');
    await ofA.next((frame) => frame.type === 'message.received');
    // Events reach sockets in publish order, so B's own event arriving first proves A's never came.
    const own = await push(b, 'live-isolation');
    await ofB.next((frame) => frame.type === 'message.received');
    expect(ofB.frames.filter((frame) => frame.type !== 'hello').every((frame) => frame.workspaceId === b.workspaceId)).toBe(true);
    expect(ofB.frames.find((frame) => frame.type === 'conversation.created')?.data).toMatchObject({ conversation: { id: own.conversationId } });
  });

  it('refuses an upgrade without a valid credential with 401', async () => {
    expect(await socketRefusal(liveUrl(a))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await socketRefusal(liveUrl(a), { headers: bearer('rpt_not-a-real-token') })).toMatchObject({ status: 401 });
  });

  it('answers 404 for the live URL of a workspace the caller is not in', async () => {
    expect(await socketRefusal(liveUrl(b), { headers: bearer(a.token) })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('streams to a session-cookie socket from this site and refuses one opened from another site with 403', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.adminEmail, password: a.password } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;

    const client = await tracked(connect(liveUrl(a), { headers: { cookie }, origin }));
    await client.next((frame) => frame.type === 'hello');
    await push(a, 'live-cookie');
    await client.next((frame) => frame.type === 'message.received');

    const hijack = await socketRefusal(liveUrl(a), { headers: { cookie }, origin: 'https://evil.example' });
    expect(hijack).toMatchObject({ status: 403, body: { code: 'CSRF_FAILED' } });
  });

  it('takes a token from the bearer subprotocol and selects rapport.v1 without echoing the token', async () => {
    const client = await tracked(connect(liveUrl(a), { protocols: ['rapport.v1', `bearer.${a.token}`], origin: 'https://app.example' }));
    expect(client.socket.protocol).toBe('rapport.v1');
    await client.next((frame) => frame.type === 'hello');
    expect((await socketRefusal(liveUrl(a), { protocols: [`bearer.${a.token}`] })).status).toBe(422);
  });

  it('answers a ping, reports an unknown message and closes with 1003 on a message that is not JSON', async () => {
    const client = await tracked(connect(liveUrl(a), { headers: bearer(a.token) }));
    client.socket.send(JSON.stringify({ type: 'ping' }));
    await client.next((frame) => frame.type === 'pong');
    client.socket.send(JSON.stringify({ type: 'subscribe', to: 'everything' }));
    await client.next((frame) => frame.type === 'error');
    client.socket.send('not json');
    expect((await client.closed).code).toBe(1003);
  });

  it('counts open sockets in the websocket clients gauge', async () => {
    const gauge = async () => (await t.runtime.ctx.metrics.websocketClients.get()).values[0]?.value ?? 0;
    for (const socket of open.splice(0)) socket.close();
    await vi.waitFor(async () => expect(await gauge()).toBe(0), soon);
    const client = await connect(liveUrl(a), { headers: bearer(a.token) });
    await client.next((frame) => frame.type === 'hello');
    expect(await gauge()).toBe(1);
    client.socket.close();
    await client.closed;
    await vi.waitFor(async () => expect(await gauge()).toBe(0), soon);
  });
});

describe('live websocket shutdown', () => {
  it('closes open sockets when the app closes', async () => {
    const t = await startTestApp('sqlite');
    const ws = await seedWorkspace(t.runtime);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const client = await connect(`ws://127.0.0.1:${port}/api/v1/workspaces/${ws.slug}/live`, { headers: bearer(ws.token) });
    await client.next((frame) => frame.type === 'hello');
    const started = Date.now();
    await t.close();
    const { code } = await client.closed;
    expect(code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
