import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

const mention = (id: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public',
  author: { platformUserId: 'u-42', handle: 'jane', displayName: 'Jane Doe', followers: 1200 },
  text: 'My flight was cancelled again and I have been on hold for 3 hours', sentAt: '2026-11-20T10:00:00Z', ...overrides,
});

describe.each(testEngines)('conversations API on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload: payload as object }) });

  it('turns an inbound mention into a conversation a user can list, read and search', async () => {
    const pushed = await inject('POST', '/inbound', mention('t-1'));
    expect(pushed.statusCode).toBe(202);
    const body = pushed.json<{ results: Array<{ status: string; conversationId: string }> }>();
    expect(body.results[0]?.status).toBe('created');
    const conversationId = body.results[0]?.conversationId;

    const list = (await inject('GET', '/conversations?status=open')).json<{ items: Array<{ id: string; status: string; channel: string }> }>();
    expect(list.items.map((c) => c.id)).toContain(conversationId);

    const detail = (await inject('GET', `/conversations/${conversationId}`)).json<{ messages: Array<{ text: string }> }>();
    expect(detail.messages[0]?.text).toContain('cancelled again');

    const found = (await inject('GET', '/conversations?q=cancel')).json<{ items: Array<{ id: string }> }>();
    expect(found.items.map((c) => c.id)).toEqual([conversationId]);
    const missing = (await inject('GET', '/conversations?q=refund')).json<{ items: unknown[] }>();
    expect(missing.items).toEqual([]);
  });

  it('treats a redelivered event as a success that changes nothing', async () => {
    const first = (await inject('POST', '/inbound', mention('t-dup'))).json<{ results: Array<{ conversationId: string }> }>();
    const again = await inject('POST', '/inbound', mention('t-dup', { text: 'different text' }));
    expect(again.statusCode).toBe(202);
    const result = again.json<{ results: Array<{ status: string; conversationId: string }> }>().results[0];
    expect(result).toMatchObject({ status: 'duplicate', conversationId: first.results[0]?.conversationId });
    const detail = (await inject('GET', `/conversations/${result?.conversationId}`)).json<{ messages: Array<{ text: string }> }>();
    expect(detail.messages).toHaveLength(1);
  });

  it('threads a reply into its parent\'s conversation and DMs into the contact\'s open conversation', async () => {
    const root = (await inject('POST', '/inbound', mention('t-root'))).json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId;
    const reply = (await inject('POST', '/inbound', mention('t-reply', { parentPlatformId: 't-root', sentAt: '2026-11-20T10:05:00Z' }))).json<{ results: Array<{ conversationId: string }> }>();
    expect(reply.results[0]?.conversationId).toBe(root);

    const dm = (id: string, at: string) => mention(id, { visibility: 'private', author: { platformUserId: 'u-77', handle: 'sam' }, sentAt: at });
    const batch = await inject('POST', '/inbound', { events: [dm('dm-1', '2026-11-20T11:00:00Z'), dm('dm-2', '2026-11-20T11:01:00Z')] });
    const results = batch.json<{ results: Array<{ conversationId: string }> }>().results;
    expect(results[0]?.conversationId).toBe(results[1]?.conversationId);
  });

  it('changes status, assignee and tags, adds notes and queues a reply that gets sent', async () => {
    const id = (await inject('POST', '/inbound', mention('t-work'))).json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId;
    const patched = await inject('PATCH', `/conversations/${id}`, { assigneeId: ws.adminId, priority: 'high', addTags: ['Refund', 'vip'] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ assigneeId: ws.adminId, priority: 'high', tags: ['refund', 'vip'] });

    const note = await inject('POST', `/conversations/${id}/notes`, { text: 'Checking with @ada on this one' });
    expect(note.statusCode).toBe(201);
    expect(note.json<{ mentions: string[] }>().mentions).toEqual([ws.adminId]);

    const reply = await inject('POST', `/conversations/${id}/replies`, { text: 'Sorry Jane, we are on it.', idempotencyKey: 'reply-key-0001' });
    expect(reply.statusCode).toBe(201);
    const again = await inject('POST', `/conversations/${id}/replies`, { text: 'Sorry Jane, we are on it.', idempotencyKey: 'reply-key-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(reply.json<{ id: string }>().id);

    await expect.poll(async () => {
      const detail = (await inject('GET', `/conversations/${id}`)).json<{ messages: Array<{ direction: string; deliveryStatus: string }> }>();
      return detail.messages.filter((m) => m.direction === 'outbound').map((m) => m.deliveryStatus);
    }, { timeout: 5_000 }).toEqual(['sent']);

    const resolved = await inject('PATCH', `/conversations/${id}`, { status: 'resolved' });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect(resolved.json<{ firstResponseAt: string | null }>().firstResponseAt).not.toBeNull();
    expect((await inject('GET', '/conversations?assigneeId=none&tag=vip')).json<{ items: unknown[] }>().items).toHaveLength(0);
    expect((await inject('GET', `/conversations?assigneeId=${ws.adminId}&tag=vip`)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
