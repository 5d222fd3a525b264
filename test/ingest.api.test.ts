import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelAccount } from '../server/features/channels/account.service.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Results = { results: Array<{ status: string; conversationId?: string; messageId?: string; reason?: string }> };

describe.each(testEngines)('ingest pipeline on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await startTestApp(engine, { RAPPORT_REOPEN_WINDOW_HOURS: '24' });
    ws = await seedWorkspace(t.runtime);
    await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'email', handle: 'care@acme.example' });
    await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'whatsapp', handle: '+441234567890' });
  });
  afterAll(async () => t.close());

  const push = async (events: unknown[]) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${ws.slug}/inbound`, headers: bearer(ws.token), payload: { events } });
    expect(response.statusCode).toBe(202);
    return response.json<Results>().results;
  };
  const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token) })).json<T>();
  const patch = (url: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token), payload });

  const email = (id: string, at: string, extra: Record<string, unknown> = {}) => ({
    kind: 'message', channel: 'email', account: 'care@acme.example', platformMessageId: id, visibility: 'private',
    author: { platformUserId: 'jane@example.com', displayName: 'Jane', email: 'jane@example.com' }, subject: 'Lost bag', text: `mail ${id}`, sentAt: at, ...extra,
  });
  const whatsapp = (id: string, at: string, user = '447700900001') => ({
    kind: 'message', channel: 'whatsapp', account: '+441234567890', platformMessageId: id, visibility: 'private',
    author: { platformUserId: user, displayName: 'Sam' }, text: `wa ${id}`, sentAt: at,
  });

  it('threads emails by In-Reply-To and References, and starts a new conversation for a new subject', async () => {
    const [first] = await push([email('<a1@example.com>', '2026-11-20T09:00:00Z')]);
    const [second] = await push([email('<a2@example.com>', '2026-11-20T09:10:00Z', { parentPlatformId: '<a1@example.com>' })]);
    const [third] = await push([email('<a3@example.com>', '2026-11-20T09:20:00Z', { threadRefs: ['<a1@example.com>', '<unknown@x>'] })]);
    const [fresh] = await push([email('<b1@example.com>', '2026-11-20T09:30:00Z', { subject: 'Another thing' })]);
    expect(second?.conversationId).toBe(first?.conversationId);
    expect(third?.conversationId).toBe(first?.conversationId);
    expect(fresh?.conversationId).not.toBe(first?.conversationId);
  });

  it('reopens a resolved DM conversation within the window and starts a new one after it', async () => {
    const [first] = await push([whatsapp('wamid.1', '2026-11-20T10:00:00Z')]);
    const id = first?.conversationId ?? '';
    expect((await patch(`/conversations/${id}`, { status: 'resolved' })).statusCode).toBe(200);
    const resolvedAt = Date.parse((await get<{ conversation: { resolvedAt: string } }>(`/conversations/${id}`)).conversation.resolvedAt);

    const soon = new Date(resolvedAt + 3_600_000).toISOString();
    const [reopened] = await push([whatsapp('wamid.2', soon)]);
    expect(reopened?.conversationId).toBe(id);
    expect((await get<{ conversation: { status: string } }>(`/conversations/${id}`)).conversation.status).toBe('open');

    await patch(`/conversations/${id}`, { status: 'resolved' });
    const resolvedAgain = Date.parse((await get<{ conversation: { resolvedAt: string } }>(`/conversations/${id}`)).conversation.resolvedAt);
    const [later] = await push([whatsapp('wamid.3', new Date(resolvedAgain + 25 * 3_600_000).toISOString())]);
    expect(later?.conversationId).not.toBe(id);
  });

  it('recognises the same platform user as the same contact', async () => {
    const [a] = await push([whatsapp('wamid.c1', '2026-11-21T10:00:00Z', '447700900999')]);
    const [b] = await push([{ ...whatsapp('wamid.c2', '2026-11-21T10:00:00Z', '447700900999'), visibility: 'public', kind: 'message' }]);
    const one = await get<{ conversation: { contactId: string } }>(`/conversations/${a?.conversationId}`);
    const two = await get<{ conversation: { contactId: string } }>(`/conversations/${b?.conversationId}`);
    expect(one.conversation.contactId).toBe(two.conversation.contactId);
  });

  it('applies edits (keeping the original), author deletions and delivery statuses without deleting anything', async () => {
    const [created] = await push([whatsapp('wamid.e1', '2026-11-22T10:00:00Z')]);
    const results = await push([
      { kind: 'edit', channel: 'whatsapp', account: '+441234567890', platformMessageId: 'wamid.e1', text: 'edited text', editedAt: '2026-11-22T10:01:00Z' },
      { kind: 'delete', channel: 'whatsapp', account: '+441234567890', platformMessageId: 'wamid.e1', deletedAt: '2026-11-22T10:02:00Z' },
      { kind: 'status', channel: 'whatsapp', account: '+441234567890', platformMessageId: 'wamid.nope', status: 'read', at: '2026-11-22T10:03:00Z' },
    ]);
    // A status for a message not known yet is kept until the message is (see test/channels/meta.status-order.test.ts).
    expect(results.map((r) => r.status)).toEqual(['updated', 'updated', 'deferred']);
    const detail = await get<{ messages: Array<{ id: string; text: string; editedAt: string | null; deletedByAuthorAt: string | null }> }>(`/conversations/${created?.conversationId}`);
    const message = detail.messages.find((m) => m.id === created?.messageId);
    expect(message).toMatchObject({ text: 'edited text', editedAt: '2026-11-22T10:01:00.000Z', deletedByAuthorAt: '2026-11-22T10:02:00.000Z' });
  });

  it('counts an echo of the brand\'s own reply as the first response and stops the waiting clock', async () => {
    const [inbound] = await push([whatsapp('wamid.r1', '2026-11-22T11:00:00Z', '447700900555')]);
    const [echo] = await push([{ ...whatsapp('wamid.r2', '2026-11-22T11:05:00Z', 'brand'), direction: 'outbound', parentPlatformId: 'wamid.r1' }]);
    expect(echo?.conversationId).toBe(inbound?.conversationId);
    const { conversation } = await get<{ conversation: { firstResponseAt: string; waitingSince: string | null } }>(`/conversations/${inbound?.conversationId}`);
    expect(conversation).toMatchObject({ firstResponseAt: '2026-11-22T11:05:00.000Z', waitingSince: null });
  });

  it('rejects an event for an account that is not connected, naming it, and stores nothing', async () => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${ws.slug}/inbound`, headers: bearer(ws.token), payload: { events: [whatsapp('wamid.ok', '2026-11-22T12:00:00Z'), { ...whatsapp('wamid.bad', '2026-11-22T12:00:00Z'), account: 'nobody' }] } });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('body.events.1.account');
    const [again] = await push([whatsapp('wamid.ok', '2026-11-22T12:00:00Z')]);
    expect(again?.status).toBe('created');
  });
});
