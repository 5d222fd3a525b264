import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelAccount } from '../server/features/channels/account.service.js';
import { createToken } from '../server/features/auth/token.service.js';
import { createUser } from '../server/features/auth/user.service.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

interface Outcome { status: string; callId: string; conversationId?: string; messageId?: string; reason?: string }
interface CallDetails { direction: string; callerNumber: string; agentId: string | null; startedAt: string; durationSeconds: number; disposition: string; notes: string | null; recordingUrl: string | null }
interface MessageView { id: string; kind: string; call: CallDetails | null; direction: string; text: string; authorContactId: string | null; authorUserId: string | null }
interface ConversationView { id: string; contactId: string; channel: string; status: string; firstInboundAt: string | null; firstResponseAt: string | null; waitingSince: string | null; messageCount: number }
interface CallView extends CallDetails { messageId: string; callId: string; accountId: string; conversationId: string; contactId: string }
interface Problem { status: number; code: string; errors?: Array<{ path: string; message: string }> }

const phoneHandle = '+442079460123';

describe.each(testEngines)('the calls API on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agentId = '';
  let telephonyToken = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { RAPPORT_REOPEN_WINDOW_HOURS: '24' });
    ws = await seedWorkspace(t.runtime);
    await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'phone', handle: phoneHandle, name: 'Contact centre' });
    await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'email', handle: 'care@acme.example' });
    await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'whatsapp', handle: '+441234567890' });
    agentId = (await createUser(t.runtime.ctx, ws.actor, { email: 'tom.agent@acme.example', name: 'Tom Agent', role: 'agent' })).id;
    // The telephony system's own token: an agent-level integration limited to pushing events in.
    telephonyToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'telephony', role: 'agent', scopes: ['inbound:write'] })).token;
  });
  afterAll(async () => t.close());

  const url = (path: string, slug = ws.slug) => `/api/v1/workspaces/${slug}${path}`;
  const record = (payload: unknown, token = telephonyToken) => t.app.inject({ method: 'POST', url: url('/calls'), headers: bearer(token), payload: payload as object });
  const recorded = async (payload: unknown) => {
    const response = await record(payload);
    expect(response.statusCode, response.body).toBe(202);
    const body = response.json<{ status: string; results: Outcome[] }>();
    expect(body.status).toBe('processed');
    return body.results;
  };
  const get = async <T>(path: string, slug = ws.slug, token = ws.token) => {
    const response = await t.app.inject({ method: 'GET', url: url(path, slug), headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const conversation = (id: string) => get<{ conversation: ConversationView; messages: MessageView[] }>(`/conversations/${id}`);
  const auditOf = (messageId: string) => t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['action', 'actor_type', 'actor_id', 'before', 'after'])
    .where('workspace_id', '=', ws.workspaceId).where('object_type', '=', 'call').where('object_id', '=', messageId).orderBy('seq').execute();
  const call = (callId: string, extra: Record<string, unknown> = {}) => ({
    callId, account: phoneHandle, callerNumber: '+44 7700 900111', direction: 'inbound', startedAt: '2026-11-20T09:00:00Z',
    durationSeconds: 312, disposition: 'answered', ...extra,
  });

  it('records a call as a message of kind call in the caller\'s conversation, with an audit entry naming who recorded it', async () => {
    const [outcome] = await recorded(call('pbx-1', {
      agent: 'Tom.Agent@acme.example', notes: 'Rebooked onto AX204 tomorrow.', recordingUrl: 'https://pbx.acme.example/rec/pbx-1.mp3',
      contact: { name: 'Patrick Doyle' }, startedAt: '2026-11-20T08:30:00+00:00',
    }));
    expect(outcome).toMatchObject({ status: 'created', callId: 'pbx-1' });
    const detail = await conversation(outcome?.conversationId ?? '');
    expect(detail.conversation).toMatchObject({ channel: 'phone', status: 'open', messageCount: 1, firstInboundAt: '2026-11-20T08:30:00.000Z' });
    // An answered inbound call is the agent's response too: nothing is left waiting.
    expect(detail.conversation).toMatchObject({ firstResponseAt: '2026-11-20T08:30:00.000Z', waitingSince: null });
    const [message] = detail.messages;
    expect(message).toMatchObject({ id: outcome?.messageId, kind: 'call', direction: 'inbound', text: 'Rebooked onto AX204 tomorrow.' });
    expect(message?.call).toEqual({
      direction: 'inbound', callerNumber: '+447700900111', agentId, startedAt: '2026-11-20T08:30:00.000Z', durationSeconds: 312,
      disposition: 'answered', notes: 'Rebooked onto AX204 tomorrow.', recordingUrl: 'https://pbx.acme.example/rec/pbx-1.mp3',
    });
    const contact = await get<{ contact: { displayName: string; phone: string; identities: Array<{ channel: string; platformUserId: string }> } }>(`/contacts/${detail.conversation.contactId}`);
    expect(contact.contact).toMatchObject({ displayName: 'Patrick Doyle', phone: '+447700900111', identities: [{ channel: 'phone', platformUserId: '+447700900111' }] });

    const audit = await auditOf(outcome?.messageId ?? '');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'call.recorded', actor_type: 'token' });
    expect(audit[0]?.actor_id).not.toBeNull();
    expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({ callId: 'pbx-1', disposition: 'answered', agentId });
  });

  it('changes nothing when the same call is recorded again, and corrects it when a new version comes', async () => {
    const first = call('pbx-2', { disposition: 'missed', durationSeconds: 0, callerNumber: '+447700900222' });
    const [created] = await recorded(first);
    const conversationId = created?.conversationId ?? '';
    const before = await conversation(conversationId);
    expect(before.conversation.waitingSince).toBe('2026-11-20T09:00:00.000Z');
    expect(before.conversation.firstResponseAt).toBeNull();
    expect(before.messages[0]?.text).toBe('Missed inbound call');

    const [again] = await recorded({ calls: [{ ...first, callerNumber: '0044 7700 900222' }] });
    expect(again).toMatchObject({ status: 'duplicate', conversationId, messageId: created?.messageId });
    expect(await conversation(conversationId)).toEqual(before);
    expect(await auditOf(created?.messageId ?? '')).toHaveLength(1);

    // The telephony system later learns the call was answered after all, by Tom, with notes and a recording.
    const [corrected] = await recorded(call('pbx-2', {
      callerNumber: '+447700900222', durationSeconds: 95, agent: agentId, notes: 'Asked about a refund.', recordingUrl: 'http://pbx.acme.example/rec/2.wav',
    }));
    expect(corrected).toMatchObject({ status: 'updated', conversationId, messageId: created?.messageId });
    const after = await conversation(conversationId);
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toMatchObject({ kind: 'call', text: 'Asked about a refund.', call: { disposition: 'answered', durationSeconds: 95, agentId, recordingUrl: 'http://pbx.acme.example/rec/2.wav' } });
    expect(after.conversation).toMatchObject({ firstResponseAt: '2026-11-20T09:00:00.000Z', waitingSince: null, messageCount: 1 });
    const log = await get<{ items: CallView[] }>('/calls?disposition=answered');
    expect(log.items.find((item) => item.callId === 'pbx-2')).toMatchObject({ durationSeconds: 95, notes: 'Asked about a refund.', agentId });
    const audit = await auditOf(created?.messageId ?? '');
    expect(audit.map((entry) => entry.action)).toEqual(['call.recorded', 'call.corrected']);
    expect(JSON.parse(audit[1]?.before ?? '{}')).toMatchObject({ disposition: 'missed' });
  });

  it('threads a caller\'s calls like direct messages and joins the customer who wrote from the email given', async () => {
    // Jane wrote by email first; the telephony system knows her address.
    const mail = await t.app.inject({
      method: 'POST', url: url('/inbound'), headers: bearer(ws.token), payload: {
        kind: 'message', channel: 'email', account: 'care@acme.example', platformMessageId: '<jane-1@example.com>', visibility: 'private',
        author: { platformUserId: 'jane@example.com', displayName: 'Jane Traveller', email: 'jane@example.com' }, subject: 'Lost bag', text: 'Where is my bag?', sentAt: '2026-11-21T08:00:00Z',
      },
    });
    const janeId = (await conversation(mail.json<{ results: Outcome[] }>().results[0]?.conversationId ?? '')).conversation.contactId;

    const [firstCall] = await recorded(call('pbx-3', { callerNumber: '+447700900333', startedAt: '2026-11-21T09:00:00Z', disposition: 'voicemail', durationSeconds: 40, contact: { email: 'JANE@example.com' } }));
    const [secondCall] = await recorded(call('pbx-4', { callerNumber: '+447700900333', startedAt: '2026-11-21T09:30:00Z', direction: 'outbound', agent: agentId, durationSeconds: 120 }));
    const first = await conversation(firstCall?.conversationId ?? '');
    expect(first.conversation.contactId).toBe(janeId);
    // The agent's call back joins the same conversation and answers it.
    expect(secondCall?.conversationId).toBe(firstCall?.conversationId);
    const thread = await conversation(firstCall?.conversationId ?? '');
    expect(thread.messages.map((m) => [m.direction, m.call?.disposition])).toEqual([['inbound', 'voicemail'], ['outbound', 'answered']]);
    expect(thread.messages[1]).toMatchObject({ authorUserId: agentId, authorContactId: null });
    expect(thread.conversation).toMatchObject({ firstResponseAt: '2026-11-21T09:30:00.000Z', waitingSince: null });

    // Her profile now holds both channels, calls included.
    const profile = await get<{ contact: { identities: Array<{ channel: string }> }; conversations: Array<{ channel: string }> }>(`/contacts/${janeId}`);
    expect(profile.contact.identities.map((identity) => identity.channel).sort()).toEqual(['email', 'phone']);
    expect(profile.conversations.map((c) => c.channel).sort()).toEqual(['email', 'phone']);

    // A caller who is only known on WhatsApp is that customer too (a WhatsApp id is the number).
    const wa = await t.app.inject({
      method: 'POST', url: url('/inbound'), headers: bearer(ws.token), payload: {
        kind: 'message', channel: 'whatsapp', account: '+441234567890', platformMessageId: 'wamid.sam-1', visibility: 'private',
        author: { platformUserId: '447700900444', displayName: 'Sam' }, text: 'Hi', sentAt: '2026-11-21T10:00:00Z',
      },
    });
    const samId = (await conversation(wa.json<{ results: Outcome[] }>().results[0]?.conversationId ?? '')).conversation.contactId;
    const [samCall] = await recorded(call('pbx-5', { callerNumber: '+447700900444', startedAt: '2026-11-21T10:05:00Z' }));
    expect((await conversation(samCall?.conversationId ?? '')).conversation.contactId).toBe(samId);
  });

  it('lists the call log with filters (contact, agent, disposition, time) and keyset paging', async () => {
    const all = await get<{ items: CallView[]; nextCursor: string | null }>('/calls');
    expect(all.items.map((item) => item.callId)).toEqual(['pbx-5', 'pbx-4', 'pbx-3', 'pbx-2', 'pbx-1']);
    expect(all.nextCursor).toBeNull();

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: CallView[]; nextCursor: string | null } = await get(`/calls?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      pages.push(page.items.map((item) => item.callId).join(','));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(pages).toEqual(['pbx-5,pbx-4', 'pbx-3,pbx-2', 'pbx-1']);

    const jane = all.items.find((item) => item.callId === 'pbx-3')?.contactId ?? '';
    expect((await get<{ items: CallView[] }>(`/calls?contactId=${jane}`)).items.map((item) => item.callId)).toEqual(['pbx-4', 'pbx-3']);
    expect((await get<{ items: CallView[] }>(`/calls?agentId=${agentId}`)).items.map((item) => item.callId)).toEqual(['pbx-4', 'pbx-2', 'pbx-1']);
    expect((await get<{ items: CallView[] }>('/calls?agentId=none')).items.map((item) => item.callId)).toEqual(['pbx-5', 'pbx-3']);
    expect((await get<{ items: CallView[] }>('/calls?disposition=voicemail,missed')).items.map((item) => item.callId)).toEqual(['pbx-3']);
    expect((await get<{ items: CallView[] }>('/calls?from=2026-11-21T09:00:00Z&to=2026-11-21T10:00:00Z')).items.map((item) => item.callId)).toEqual(['pbx-4', 'pbx-3']);
    expect((await get<{ items: CallView[] }>('/calls?direction=outbound')).items.map((item) => item.callId)).toEqual(['pbx-4']);
    const bad = await t.app.inject({ method: 'GET', url: url('/calls?cursor=nonsense'), headers: bearer(ws.token) });
    expect(bad.statusCode).toBe(422);
  });

  it('counts calls in the dashboards: inbound calls as phone volume, an answered one as an immediate response', async () => {
    const analytics = await get<{ totals: { inboundMessages: number; conversations: number }; volumeByDay: Array<{ day: string; channel: string; count: number }>; firstResponse: Array<{ maxSeconds: number | null; count: number }> }>(
      '/analytics?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&timeZone=UTC',
    );
    // pbx-1 (answered) and pbx-2 (missed, then corrected to answered) on the 20th; both answered at once.
    expect(analytics.volumeByDay).toEqual([{ day: '2026-11-20', channel: 'phone', count: 2 }]);
    expect(analytics.totals).toMatchObject({ inboundMessages: 2, conversations: 2 });
    expect(analytics.firstResponse[0]).toMatchObject({ maxSeconds: 300, count: 2 });
  });

  it('rejects bad input as a problem naming the field, and stores nothing', async () => {
    const problem = async (payload: unknown, status: number, ...paths: string[]) => {
      const response = await record(payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const body = response.json<Problem>();
      expect(body.errors?.map((error) => error.path)).toEqual(paths);
      return body;
    };
    await problem(call('bad-1', { callerNumber: '020 7946 0958' }), 422, 'body.callerNumber');
    await problem(call('bad-2', { callerNumber: 'anonymous' }), 422, 'body.callerNumber');
    await problem(call('bad-3', { recordingUrl: 'javascript:alert(1)' }), 422, 'body.recordingUrl');
    await problem(call('bad-4', { disposition: 'hung-up', durationSeconds: -1 }), 422, 'body.durationSeconds', 'body.disposition');
    await problem({ calls: [call('bad-5'), call('bad-6', { account: '+449999999999', mood: 'angry' })] }, 422, 'body.calls.1.mood');
    await problem({ calls: [call('bad-7'), call('bad-8', { account: '+449999999999' })] }, 422, 'body.calls.1.account');
    // An X account is not a phone account.
    await problem(call('bad-9', { account: 'acme' }), 422, 'body.account');
    await problem({ calls: [call('bad-10'), call('bad-11', { agent: 'nobody@acme.example' })] }, 422, 'body.calls.1.agent');
    await problem({ calls: [call('bad-12'), call('bad-12')] }, 422, 'body.calls.1.callId');
    await problem({ calls: [] }, 422, 'body.calls');
    // The inbound API takes calls as events too, with the same checks.
    const viaInbound = await t.app.inject({
      method: 'POST', url: url('/inbound'), headers: bearer(telephonyToken),
      payload: { events: [{ kind: 'call', channel: 'phone', account: phoneHandle, platformMessageId: 'bad-13', direction: 'inbound', callerNumber: '+447700900111', startedAt: '2026-11-20T09:00:00Z', durationSeconds: 1, disposition: 'missed', agent: 'ghost' }] },
    });
    expect(viaInbound.statusCode).toBe(422);
    expect(viaInbound.json<Problem>().errors?.map((error) => error.path)).toEqual(['body.events.0.agent']);
    // A correction cannot change whose call it was.
    const conflict = await problem(call('pbx-1', { callerNumber: '+447700900999', direction: 'outbound' }), 409, 'body.callerNumber', 'body.direction');
    expect(conflict.code).toBe('CONFLICT');
    const stored = await t.runtime.ctx.db.kysely.selectFrom('calls').select('call_id').where('call_id', 'like', 'bad-%').execute();
    expect(stored).toEqual([]);
  });

  it('keeps workspaces apart and needs the inbound permission to record', async () => {
    const other = await seedWorkspace(t.runtime);
    await createChannelAccount(t.runtime.ctx, other.actor, { channel: 'phone', handle: '+441632960000' });
    // Another workspace sees none of these calls, and cannot record on this workspace's phone account.
    expect((await get<{ items: CallView[] }>('/calls', other.slug, other.token)).items).toEqual([]);
    const foreign = await record(call('x-1'), other.token);
    expect(foreign.statusCode).toBe(404);
    const elsewhere = await t.app.inject({ method: 'POST', url: url('/calls', other.slug), headers: bearer(other.token), payload: call('x-2') });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json<Problem>().errors?.[0]?.path).toBe('body.account');
    const mine = await t.app.inject({ method: 'POST', url: url('/calls', other.slug), headers: bearer(other.token), payload: call('pbx-1', { account: '+441632960000' }) });
    expect(mine.json<{ results: Outcome[] }>().results[0]?.status).toBe('created');
    expect((await get<{ items: CallView[] }>('/calls', other.slug, other.token)).items.map((item) => item.callId)).toEqual(['pbx-1']);
    expect((await get<{ items: CallView[] }>('/calls')).items).toHaveLength(5);

    const analyst = (await createToken(t.runtime.ctx, ws.actor, { name: 'analyst', role: 'analyst' })).token;
    expect((await record(call('x-3'), analyst)).statusCode).toBe(403);
    expect((await get<{ items: CallView[] }>('/calls', ws.slug, analyst)).items).toHaveLength(5);
  });
});
