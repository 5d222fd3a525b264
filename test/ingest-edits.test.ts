import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../server/features/auth/token.service.js';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

interface MessageBody {
  id: string;
  text: string;
  editedAt: string | null;
  triage: { personalData: string[]; personalDataMasked: boolean; influence: number } | null;
}
interface EditHistory { edits?: Array<{ text: string; replacedAt: number; sealedOriginal?: string }>; sealedOriginal?: string; triage?: { personalData: Array<{ kind: string }> } }

let sequence = 0;

describe.each(testEngines)('a customer\'s edit of a message on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let supervisorToken: string;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    supervisorToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'supervisor', role: 'supervisor' })).token;
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const api = (method: 'GET' | 'POST', path: string, payload?: unknown, token = ws.token) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  const post = (text: string, visibility: 'public' | 'private' = 'public') => ({
    kind: 'message', channel: 'x', account: 'acme', platformMessageId: `edit-${++sequence}`, visibility,
    author: { platformUserId: `edit-author-${sequence}`, followers: 50_000 }, text, sentAt: '2026-11-20T10:00:00Z',
  });
  const edit = (platformMessageId: string, text: string, editedAt = '2026-11-20T10:05:00Z') => ({ kind: 'edit', channel: 'x', account: 'acme', platformMessageId, text, editedAt });

  async function push(...batch: unknown[]): Promise<Array<{ status: string; conversationId: string; messageId: string }>> {
    const response = await api('POST', '/inbound', { events: batch });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Array<{ status: string; conversationId: string; messageId: string }> }>().results;
  }

  async function messageOf(result: { conversationId: string; messageId: string }): Promise<MessageBody> {
    const detail = (await api('GET', `/conversations/${result.conversationId}`)).json<{ messages: MessageBody[] }>();
    return detail.messages.find((message) => message.id === result.messageId) as MessageBody;
  }

  const storedRow = (id: string) => t.runtime.ctx.db.kysely.selectFrom('messages').select(['text', 'metadata']).where('id', '=', id).executeTakeFirstOrThrow();

  it('masks a card number added in an edit, seals what was posted, and keeps the text it replaced', async () => {
    const original = post('@acme I was charged twice for order 5512');
    const [created] = await push(original);
    const edited = '@acme I was charged twice for order 5512, my card is 4539 1488 0343 6467';
    const [updated] = await push(edit(original.platformMessageId, edited));
    expect(updated?.status).toBe('updated');

    const message = await messageOf(created as { conversationId: string; messageId: string });
    expect(message.text).toBe('@acme I was charged twice for order 5512, my card is **** **** **** 6467');
    expect(message.editedAt).toBe('2026-11-20T10:05:00.000Z');
    expect(message.triage).toMatchObject({ personalData: ['card'], personalDataMasked: true });
    // The author's reach does not change with an edit: the influence triage computed for the message is kept.
    expect(message.triage?.influence).toBeGreaterThan(0.7);

    const row = await storedRow(message.id);
    expect(`${row.text}${row.metadata}`).not.toContain('4539');
    const metadata = JSON.parse(row.metadata) as EditHistory;
    expect(t.runtime.ctx.secrets.open(metadata.sealedOriginal ?? '')).toBe(edited);
    expect(metadata.edits).toEqual([{ text: original.text, replacedAt: Date.parse('2026-11-20T10:05:00Z') }]);

    for (const q of ['4539', '0343']) expect((await api('GET', `/conversations?q=${q}`)).json<{ items: unknown[] }>().items).toEqual([]);
    const live = JSON.stringify(events.filter((event) => event.type === 'message.updated'));
    expect(live).toContain('**** **** **** 6467');
    expect(live).not.toContain('4539');
    expect(live).toContain('"personalDataMasked":true');

    const seen = await api('GET', `/messages/${message.id}/original`, undefined, supervisorToken);
    expect(seen.json()).toMatchObject({ text: edited, masked: true, personalData: ['card'] });
  });

  it('keeps the sealed original of a masked text it replaces, and takes a redelivered edit as a duplicate', async () => {
    const first = 'my card 4539-1488-0343-6467 was declined';
    const original = post(first);
    const [created] = await push(original);
    const [updated] = await push(edit(original.platformMessageId, 'my card was declined, sorry I posted the number'));
    expect(updated?.status).toBe('updated');
    const message = await messageOf(created as { conversationId: string; messageId: string });
    expect(message.text).toBe('my card was declined, sorry I posted the number');
    expect(message.triage).toMatchObject({ personalData: [], personalDataMasked: false });

    const metadata = JSON.parse((await storedRow(message.id)).metadata) as EditHistory;
    expect(metadata.sealedOriginal).toBeUndefined();
    expect(metadata.edits).toHaveLength(1);
    expect(metadata.edits?.[0]?.text).toBe('my card ****-****-****-6467 was declined');
    expect(t.runtime.ctx.secrets.open(metadata.edits?.[0]?.sealedOriginal ?? '')).toBe(first);

    const again = edit(original.platformMessageId, 'my card 5500 0000 0000 0004 works now', '2026-11-20T10:07:00Z');
    expect((await push(again))[0]?.status).toBe('updated');
    // The platform delivers the same edit twice, then a late one older than what is shown: neither changes anything.
    expect((await push(again))[0]?.status).toBe('duplicate');
    expect((await push(edit(original.platformMessageId, 'an older edit 4111 1111 1111 1111', '2026-11-20T10:06:00Z')))[0]?.status).toBe('duplicate');
    const last = JSON.parse((await storedRow(message.id)).metadata) as EditHistory;
    expect(last.edits).toHaveLength(2);
    expect((await messageOf(created as { conversationId: string; messageId: string })).text).toBe('my card **** **** **** 0004 works now');
  });

  it('masks an edit as the message\'s visibility requires: contact details stay readable in private, a card never', async () => {
    const original = post('hello, question about my order', 'private');
    const [created] = await push(original);
    await push(edit(original.platformMessageId, 'reach me at jane.doe@example.com, card 4539 1488 0343 6467'));
    const message = await messageOf(created as { conversationId: string; messageId: string });
    expect(message.text).toBe('reach me at jane.doe@example.com, card **** **** **** 6467');
    expect(message.triage?.personalData).toEqual(['email', 'card']);
  });

  it('masks an edit that arrives in the same batch as its message', async () => {
    const original = post('first draft');
    const [created, updated] = await push(original, edit(original.platformMessageId, 'second draft with card 4539 1488 0343 6467'));
    expect(updated?.status).toBe('updated');
    expect((await messageOf(created as { conversationId: string; messageId: string })).text).toBe('second draft with card **** **** **** 6467');
    expect((await storedRow(created?.messageId ?? '')).metadata).not.toContain('4539');
  });
});
