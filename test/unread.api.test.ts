import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationListItemView } from '../server/features/conversations/conversation-summary.schemas.js';
import type { ConversationCountsView, ReadStateView } from '../server/features/conversations/conversation.schemas.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Credentials = Record<string, string>;

const dm = (id: string, user: string, sentAt: string) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'private',
  author: { platformUserId: user, handle: user }, text: `message ${id}`, sentAt,
});

describe.each(testEngines)('unread conversations per user on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let admin: Credentials;
  let agent: Credentials;
  let agentId: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    admin = bearer(ws.token);
    const created = await call(admin, 'POST', '/users', { email: `agent@${ws.slug}.example`, name: 'Alex Agent', password: 'agent password 1', role: 'agent' });
    agentId = created.json<{ id: string }>().id;
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `agent@${ws.slug}.example`, password: 'agent password 1' } });
    const cookie = login.cookies.find((candidate) => candidate.name === 'rapport_session')?.value ?? '';
    agent = { cookie: `rapport_session=${cookie}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
  });
  afterAll(async () => t.close());

  function call(credentials: Credentials, method: Method, path: string, payload?: unknown) {
    return t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: credentials, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  async function push(...events: unknown[]): Promise<string[]> {
    const response = await call(admin, 'POST', '/inbound', { events });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Array<{ conversationId: string }> }>().results.map((result) => result.conversationId);
  }

  async function unreadOf(credentials: Credentials, conversationId: string): Promise<boolean | undefined> {
    const items = (await call(credentials, 'GET', '/conversations?status=open,pending,snoozed,resolved&limit=200')).json<{ items: ConversationListItemView[] }>().items;
    return items.find((item) => item.id === conversationId)?.unread;
  }

  const read = async (credentials: Credentials, id: string, body: object = {}) => {
    const response = await call(credentials, 'PUT', `/conversations/${id}/read`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ReadStateView>();
  };

  it('keeps a read marker per user: opening marks it read for that user only, a new customer message makes it unread again', async () => {
    const [id = ''] = await push(dm('u-1', 'reader', '2026-11-20T10:00:00Z'));
    expect(await unreadOf(admin, id)).toBe(true);
    expect(await unreadOf(agent, id)).toBe(true);

    expect(await read(admin, id)).toEqual({ conversationId: id, readUpTo: '2026-11-20T10:00:00.000Z', unread: false });
    expect(await unreadOf(admin, id)).toBe(false);
    expect(await unreadOf(agent, id)).toBe(true);

    // The brand answering does not make it unread; the customer writing does, for everyone.
    expect((await call(admin, 'POST', `/conversations/${id}/replies`, { text: 'Looking into it' })).statusCode).toBe(201);
    expect(await unreadOf(admin, id)).toBe(false);
    const [same] = await push(dm('u-2', 'reader', '2026-11-20T10:05:00Z'));
    expect(same).toBe(id);
    expect(await unreadOf(admin, id)).toBe(true);

    // A screen that showed only the first message marks only that much read; a marker never moves back.
    expect((await read(agent, id, { upTo: '2026-11-20T10:00:00Z' })).unread).toBe(true);
    expect((await read(agent, id)).unread).toBe(false);
    expect(await read(agent, id, { upTo: '2026-11-20T10:00:00Z' })).toEqual({ conversationId: id, readUpTo: '2026-11-20T10:05:00.000Z', unread: false });
    expect(await unreadOf(agent, id)).toBe(false);

    // A late message stamped before what was read, yet after the previous newest, still counts as news.
    expect((await read(admin, id)).unread).toBe(false);
    await push(dm('u-3', 'reader', '2026-11-20T10:07:00Z'));
    expect((await read(admin, id, { upTo: '2026-11-20T10:05:00Z' })).unread).toBe(true);

    const unread = await call(admin, 'DELETE', `/conversations/${id}/read`);
    expect(unread.json<ReadStateView>()).toEqual({ conversationId: id, readUpTo: null, unread: true });
    expect(await unreadOf(admin, id)).toBe(true);
  });

  it('does not count a conversation the brand started, with no customer message, as unread', async () => {
    const [id = ''] = await push({ ...dm('brand-1', 'acme', '2026-11-20T12:00:00Z'), direction: 'outbound', recipient: { platformUserId: 'quiet', handle: 'quiet' } });
    const item = (await call(admin, 'GET', '/conversations?limit=200')).json<{ items: ConversationListItemView[] }>().items.find((candidate) => candidate.id === id);
    expect(item).toMatchObject({ lastInboundAt: null, unread: false });
    expect(await read(agent, id)).toEqual({ conversationId: id, readUpTo: null, unread: false });
  });

  it('counts conversations per view and queue with the viewer\'s unread ones, within the filters', async () => {
    const [mine = '', unassigned = '', queued = '', resolved = ''] = await push(
      dm('c-1', 'count-1', '2026-11-21T10:00:00Z'), dm('c-2', 'count-2', '2026-11-21T10:00:00Z'),
      dm('c-3', 'count-3', '2026-11-21T10:00:00Z'), dm('c-4', 'count-4', '2026-11-21T10:00:00Z'),
    );
    const queue = (await call(admin, 'POST', '/queues', { slug: 'billing', name: 'Billing' })).json<{ id: string }>().id;
    expect((await call(admin, 'PATCH', `/conversations/${mine}`, { assigneeId: ws.adminId })).statusCode).toBe(200);
    expect((await call(admin, 'PATCH', `/conversations/${queued}`, { queueId: queue, assigneeId: agentId })).statusCode).toBe(200);
    expect((await call(admin, 'PATCH', `/conversations/${resolved}`, { status: 'resolved' })).statusCode).toBe(200);
    void unassigned;

    // Everything else open so far was opened by both users, so only these four are news.
    const all = (await call(admin, 'GET', '/conversations?limit=200')).json<{ items: ConversationListItemView[] }>().items;
    for (const item of all) if (![mine, unassigned, queued, resolved].includes(item.id)) await Promise.all([read(admin, item.id), read(agent, item.id)]);

    const counts = async (credentials: Credentials, query = '') => {
      const response = await call(credentials, 'GET', `/conversations/counts${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<ConversationCountsView>();
    };
    const openTotal = all.filter((item) => item.status === 'open' || item.status === 'pending').length;
    const before = await counts(admin);
    expect(before).toEqual({
      mine: { total: 1, unread: 1 }, unassigned: { total: openTotal - 2, unread: 1 }, all: { total: openTotal, unread: 3 }, queues: [{ queueId: queue, total: 1, unread: 1 }],
    });
    expect((await counts(agent)).mine).toEqual({ total: 1, unread: 1 });

    await read(admin, mine);
    await read(admin, queued);
    const after = await counts(admin);
    expect(after.mine).toEqual({ total: 1, unread: 0 });
    expect(after.all).toEqual({ total: openTotal, unread: 1 });
    expect(after.queues).toEqual([{ queueId: queue, total: 1, unread: 0 }]);
    expect((await counts(agent)).all.unread).toBe(3);

    expect((await counts(admin, '?status=resolved')).all).toEqual({ total: 1, unread: 1 });
    expect((await counts(admin, '?channel=telegram')).all).toEqual({ total: 0, unread: 0 });
    expect((await call(admin, 'GET', '/conversations/counts?status=closed')).statusCode).toBe(422);
  });

  it('answers 404 when marking another workspace\'s conversation', async () => {
    const foreign = await seedWorkspace(t.runtime);
    const response = await t.app.inject({
      method: 'POST', url: `/api/v1/workspaces/${foreign.slug}/inbound`, headers: bearer(foreign.token), payload: { events: [dm('f-1', 'foreigner', '2026-11-22T10:00:00Z')] },
    });
    const [foreignId = ''] = response.json<{ results: Array<{ conversationId: string }> }>().results.map((result) => result.conversationId);
    expect((await call(admin, 'PUT', `/conversations/${foreignId}/read`, {})).statusCode).toBe(404);
    expect((await call(admin, 'DELETE', `/conversations/${foreignId}/read`)).statusCode).toBe(404);
    const markers = await t.runtime.ctx.db.kysely.selectFrom('conversation_reads').select('user_id').where('conversation_id', '=', foreignId).execute();
    expect(markers).toEqual([]);
  });
});
