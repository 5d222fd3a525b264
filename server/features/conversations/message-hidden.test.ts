import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../../../test/helpers/app.js';
import { testEngines } from '../../../test/helpers/db.js';
import type { DomainEvent } from '../../infra/pubsub/pubsub.port.js';
import type { MessageView } from './conversation.schemas.js';

describe.each(testEngines)('a hidden public comment on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const hides: Array<{ platformMessageId: string; hidden: boolean }> = [];
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    // X's adapter cannot hide replies here; a platform that can is stood in for, keeping X's sending as it is.
    const x = t.runtime.ctx.outbound.adapterFor('x');
    t.runtime.ctx.outbound.register({ platform: 'x', send: (input) => x.send(input), hide: async ({ platformMessageId, hidden }) => void hides.push({ platformMessageId, hidden }) });
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const api = (method: 'GET' | 'POST', path: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });

  it('shows when, why and by whom it was hidden, keeps it in the thread, and clears that when shown again', async () => {
    const pushed = (await api('POST', '/inbound', {
      kind: 'message', channel: 'x', account: 'acme', platformMessageId: 'rude-1', visibility: 'public',
      author: { platformUserId: 'troll', handle: 'troll' }, text: 'you are all useless clowns', sentAt: '2026-11-20T10:00:00Z',
    })).json<{ results: Array<{ conversationId: string; messageId: string }> }>().results[0];
    const thread = async () => (await api('GET', `/conversations/${pushed?.conversationId ?? ''}`)).json<{ messages: MessageView[] }>().messages;
    expect((await thread())[0]?.hidden).toBeNull();

    const hidden = await api('POST', `/messages/${pushed?.messageId ?? ''}/hide`, { reason: 'Abusive language' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json<MessageView>().hidden).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown, reason: 'Abusive language', by: ws.adminId });
    expect(hides).toEqual([{ platformMessageId: 'rude-1', hidden: true }]);
    const [message] = await thread();
    expect(message).toMatchObject({ id: pushed?.messageId, text: 'you are all useless clowns', hidden: { reason: 'Abusive language', by: ws.adminId } });
    const change = events.find((event) => event.type === 'message.updated')?.data.message as Partial<MessageView> | undefined;
    expect(change?.hidden).toMatchObject({ reason: 'Abusive language', by: ws.adminId });

    expect((await api('POST', `/messages/${pushed?.messageId ?? ''}/hide`, { reason: 'Customer apologised', hidden: false })).json<MessageView>().hidden).toBeNull();
    expect((await thread())[0]?.hidden).toBeNull();
    const audit = await t.runtime.ctx.db.kysely.selectFrom('audit_entries').select('action').where('object_id', '=', pushed?.messageId ?? '').orderBy('seq').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['message.hidden', 'message.unhidden']);
  });
});
