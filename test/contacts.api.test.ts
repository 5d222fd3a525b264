import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import type { ContactDetailView, ContactNoteView, ContactView } from '../server/features/contacts/contact.schemas.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Method = 'GET' | 'POST' | 'PATCH';
interface Person { platformUserId: string; handle?: string; displayName?: string }

const xPost = (id: string, author: Person, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public', author, text: `post ${id}`, sentAt: '2026-11-20T10:00:00Z', ...overrides,
});
const telegramDm = (id: string, author: Person, sentAt = '2026-11-20T11:00:00Z') => ({
  kind: 'message', channel: 'telegram', account: 'acmebot', platformMessageId: id, visibility: 'private', author, text: `dm ${id}`, sentAt,
});

describe.each(testEngines)('customer profiles on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    other = await seedWorkspace(t.runtime);
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
    expect((await api('POST', '/accounts', { channel: 'telegram', handle: 'acmebot' })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  function api(method: Method, path: string, payload?: unknown, workspace: SeededWorkspace = ws) {
    return t.app.inject({ method, url: `/api/v1/workspaces/${workspace.slug}${path}`, headers: bearer(workspace.token), ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  /** Pushes events and answers the conversation and message ids, in order. */
  async function push(workspace: SeededWorkspace, ...batch: unknown[]): Promise<Array<{ conversationId: string; messageId: string }>> {
    const response = await api('POST', '/inbound', { events: batch }, workspace);
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Array<{ conversationId: string; messageId: string }> }>().results;
  }

  async function contactOf(conversationId: string, workspace: SeededWorkspace = ws): Promise<string> {
    return (await api('GET', `/conversations/${conversationId}`, undefined, workspace)).json<{ conversation: { contactId: string } }>().conversation.contactId;
  }

  const db = () => t.runtime.ctx.db.kysely;
  const rowCounts = async () => Object.fromEntries(await Promise.all((['contacts', 'contact_identities', 'conversations', 'messages', 'contact_notes'] as const)
    .map(async (table) => [table, (await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n] as const)));

  it('merges two profiles of the same person: identities, conversations, authored messages, notes and tags move; nothing is deleted', async () => {
    const [root] = await push(ws, xPost('m-root', { platformUserId: 'x-jane', handle: 'jane', displayName: 'Jane Doe' }));
    const [dm] = await push(ws, telegramDm('m-dm', { platformUserId: 'tg-77', displayName: 'J. Doe' }));
    const survivorId = await contactOf(root?.conversationId ?? '');
    const duplicateId = await contactOf(dm?.conversationId ?? '');
    expect(duplicateId).not.toBe(survivorId);
    expect((await api('PATCH', `/contacts/${survivorId}`, { phone: '+44 20 7946 0000', customFields: { plan: 'silver' } })).statusCode).toBe(200);
    expect((await api('PATCH', `/contacts/${duplicateId}`, { email: 'jane@example.com', customFields: { plan: 'gold', loyalty: 'AX-1' }, addTags: ['vip'] })).statusCode).toBe(200);
    const note = (await api('POST', `/contacts/${duplicateId}/notes`, { text: 'Prefers Telegram' })).json<ContactNoteView>();
    const before = await rowCounts();
    events.length = 0;

    const merged = await api('POST', `/contacts/${survivorId}/merge`, { otherContactId: duplicateId });
    expect(merged.statusCode, merged.body).toBe(200);
    const profile = merged.json<ContactDetailView>();
    expect(profile.contact.id).toBe(survivorId);
    expect(profile.contact.identities.map((identity) => [identity.channel, identity.platformUserId]).sort()).toEqual([['telegram', 'tg-77'], ['x', 'x-jane']]);
    expect(profile.conversations.map((conversation) => conversation.id).sort()).toEqual([root?.conversationId, dm?.conversationId].sort());
    expect(profile.conversationCount).toBe(2);
    expect(profile.notes.map((shown) => shown.id)).toEqual([note.id]);
    expect(profile.contact).toMatchObject({
      displayName: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000', tags: ['vip'], customFields: { plan: 'silver', loyalty: 'AX-1' }, mergedIntoId: null,
    });

    // Nothing was deleted: the duplicate stays, marked; every row is still there, repointed.
    expect(await rowCounts()).toEqual(before);
    const duplicate = await db().selectFrom('contacts').selectAll().where('id', '=', duplicateId).executeTakeFirstOrThrow();
    expect(duplicate.merged_into_id).toBe(survivorId);
    const message = await db().selectFrom('messages').select(['author_contact_id']).where('id', '=', dm?.messageId ?? '').executeTakeFirstOrThrow();
    expect(message.author_contact_id).toBe(survivorId);
    expect(await contactOf(dm?.conversationId ?? '')).toBe(survivorId);

    const audit = await db().selectFrom('audit_entries').selectAll().where('action', '=', 'contact.merged').where('object_id', '=', survivorId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ mergedContactId: duplicateId, moved: { conversationIds: [dm?.conversationId], messages: 1, noteIds: [note.id], tags: ['vip'] } });
    expect(JSON.parse(audit.before ?? '{}')).toMatchObject({ merged: { id: duplicateId, email: 'jane@example.com' } });
    expect(events.find((event) => event.type === 'contact.merged')?.data).toMatchObject({ mergedContactId: duplicateId, contact: { id: survivorId } });
    expect(events.filter((event) => event.type === 'conversation.updated').map((event) => (event.data.conversation as { id: string; contactId: string }))).toEqual([
      expect.objectContaining({ id: dm?.conversationId, contactId: survivorId }),
    ]);

    // The duplicate's id answers with the survivor; lists and searches show the survivor only.
    const viaOldId = await api('GET', `/contacts/${duplicateId}`);
    expect(viaOldId.statusCode).toBe(200);
    expect(viaOldId.json<ContactDetailView>().contact.id).toBe(survivorId);
    const found = (await api('GET', '/contacts?q=doe')).json<{ items: ContactView[] }>().items.map((contact) => contact.id);
    expect(found).toContain(survivorId);
    expect(found).not.toContain(duplicateId);

    // The customer writes again on Telegram: it lands on the surviving profile.
    const [again] = await push(ws, telegramDm('m-dm-2', { platformUserId: 'tg-77' }, '2026-11-21T09:00:00Z'));
    expect(await contactOf(again?.conversationId ?? '')).toBe(survivorId);
  });

  it('moves messages a duplicate wrote in someone else\'s public thread, and follows merged ids to the survivor', async () => {
    const [root] = await push(ws, xPost('t-root', { platformUserId: 'x-sam', handle: 'sam', displayName: 'Sam' }));
    const [reply] = await push(ws, xPost('t-reply', { platformUserId: 'x-sam-alt', handle: 'sam_alt' }, { parentPlatformId: 't-root', sentAt: '2026-11-20T10:05:00Z' }));
    const [dm] = await push(ws, telegramDm('t-dm', { platformUserId: 'tg-sam', displayName: 'Sam T' }));
    expect(reply?.conversationId).toBe(root?.conversationId);
    const sam = await contactOf(root?.conversationId ?? '');
    const alt = (await db().selectFrom('messages').select('author_contact_id').where('id', '=', reply?.messageId ?? '').executeTakeFirstOrThrow()).author_contact_id ?? '';
    const telegram = await contactOf(dm?.conversationId ?? '');
    expect(new Set([sam, alt, telegram]).size).toBe(3);

    expect((await api('POST', `/contacts/${telegram}/merge`, { otherContactId: alt })).statusCode).toBe(200);
    expect((await db().selectFrom('messages').select('author_contact_id').where('id', '=', reply?.messageId ?? '').executeTakeFirstOrThrow()).author_contact_id).toBe(telegram);

    // Merging the Telegram profile into Sam's repoints the alias merged into it earlier: one hop from any old id.
    expect((await api('POST', `/contacts/${sam}/merge`, { otherContactId: telegram })).statusCode).toBe(200);
    expect((await db().selectFrom('contacts').select('merged_into_id').where('id', '=', alt).executeTakeFirstOrThrow()).merged_into_id).toBe(sam);
    const viaAlias = (await api('GET', `/contacts/${alt}`)).json<ContactDetailView>();
    expect(viaAlias.contact.id).toBe(sam);
    expect(viaAlias.contact.identities.map((identity) => identity.platformUserId).sort()).toEqual(['tg-sam', 'x-sam', 'x-sam-alt']);

    // Merging what is already one person again is a conflict; a contact with itself is invalid.
    const again = await api('POST', `/contacts/${sam}/merge`, { otherContactId: alt });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual(['body.otherContactId']);
    expect((await api('POST', `/contacts/${sam}/merge`, { otherContactId: sam })).statusCode).toBe(422);
    expect((await api('POST', `/contacts/${sam}/merge`, { otherContactId: 'no-such-contact' })).statusCode).toBe(404);
  });

  it('answers 404 for another workspace\'s contact on either side of a merge, changing nothing', async () => {
    const [mine] = await push(ws, xPost('iso-mine', { platformUserId: 'x-iso', handle: 'iso' }));
    const [theirs] = await push(other, xPost('iso-theirs', { platformUserId: 'x-iso', handle: 'iso' }));
    const mineId = await contactOf(mine?.conversationId ?? '');
    const theirsId = await contactOf(theirs?.conversationId ?? '', other);
    const before = await rowCounts();

    const foreignPath = await api('POST', `/contacts/${theirsId}/merge`, { otherContactId: mineId });
    const foreignBody = await api('POST', `/contacts/${mineId}/merge`, { otherContactId: theirsId });
    expect([foreignPath.statusCode, foreignBody.statusCode]).toEqual([404, 404]);
    expect(foreignBody.body).not.toContain(theirsId);
    for (const [method, path, payload] of [['GET', '', undefined], ['PATCH', '', { displayName: 'Mine now' }], ['GET', '/notes', undefined], ['POST', '/notes', { text: 'sneaky' }]] as const) {
      expect((await api(method, `/contacts/${theirsId}${path}`, payload)).statusCode).toBe(404);
    }

    expect(await rowCounts()).toEqual(before);
    const rows = await db().selectFrom('contacts').select(['id', 'merged_into_id', 'display_name']).where('id', 'in', [mineId, theirsId]).execute();
    expect(rows.map((row) => row.merged_into_id)).toEqual([null, null]);
    expect(await contactOf(theirs?.conversationId ?? '', other)).toBe(theirsId);
  });

  it('edits details, custom fields and tags, validates them, and audits each change', async () => {
    const [pushed] = await push(ws, xPost('edit-1', { platformUserId: 'x-edit', handle: 'edit_me' }));
    const id = await contactOf(pushed?.conversationId ?? '');
    const changed = await api('PATCH', `/contacts/${id}`, { displayName: 'Edith', email: 'edith@example.com', phone: '+1 (555) 010-0000', customFields: { plan: 'gold', seats: 3 }, addTags: ['VIP', 'press'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<ContactView>()).toMatchObject({ displayName: 'Edith', email: 'edith@example.com', phone: '+1 (555) 010-0000', customFields: { plan: 'gold', seats: 3 }, tags: ['press', 'vip'] });

    const removed = (await api('PATCH', `/contacts/${id}`, { customFields: { seats: null }, removeTags: ['press'] })).json<ContactView>();
    expect(removed).toMatchObject({ customFields: { plan: 'gold' }, tags: ['vip'] });
    expect(removed.customFields).not.toHaveProperty('seats');
    expect((await api('GET', '/contacts?tag=vip')).json<{ items: ContactView[] }>().items.map((contact) => contact.id)).toContain(id);

    const audits = await db().selectFrom('audit_entries').select(['action', 'before', 'after']).where('object_id', '=', id).orderBy('seq').execute();
    expect(audits.map((entry) => entry.action)).toEqual(['contact.updated', 'contact.updated']);
    expect(JSON.parse(audits[1]?.before ?? '{}')).toEqual({ customFields: { plan: 'gold', seats: 3 }, tags: ['press', 'vip'] });

    for (const [body, field] of [[{ email: 'not an email' }, 'body.email'], [{ phone: 'call me' }, 'body.phone'], [{}, 'body'], [{ tags: ['two words'] }, 'body.tags.0']] as const) {
      const refused = await api('PATCH', `/contacts/${id}`, body);
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toContain(field);
    }
  });

  it('keeps internal notes on a profile, newest first, paged', async () => {
    const [pushed] = await push(ws, xPost('notes-1', { platformUserId: 'x-notes', handle: 'noted' }));
    const id = await contactOf(pushed?.conversationId ?? '');
    for (const text of ['first', 'second', 'third']) expect((await api('POST', `/contacts/${id}/notes`, { text })).statusCode).toBe(201);
    const page = (await api('GET', `/contacts/${id}/notes?limit=2`)).json<{ items: ContactNoteView[]; nextCursor: string | null }>();
    expect(page.items.map((shown) => shown.text)).toEqual(['third', 'second']);
    expect(page.items[0]).toMatchObject({ contactId: id, authorUserId: ws.adminId });
    const rest = (await api('GET', `/contacts/${id}/notes?limit=2&cursor=${page.nextCursor ?? ''}`)).json<{ items: ContactNoteView[]; nextCursor: string | null }>();
    expect(rest).toMatchObject({ items: [expect.objectContaining({ text: 'first' })], nextCursor: null });
    expect((await api('GET', `/contacts/${id}`)).json<ContactDetailView>().notes.map((shown) => shown.text)).toEqual(['third', 'second', 'first']);
    expect((await api('POST', `/contacts/${id}/notes`, { text: '   ' })).statusCode).toBe(422);
  });

  it('lets an analyst read profiles but not change or merge them', async () => {
    const analyst = (await api('POST', '/tokens', { name: 'analyst', role: 'analyst' })).json<{ token: string }>().token;
    const [pushed] = await push(ws, xPost('perm-1', { platformUserId: 'x-perm', handle: 'perm' }));
    const id = await contactOf(pushed?.conversationId ?? '');
    const as = (method: Method, path: string, payload?: object) => t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(analyst), ...(payload === undefined ? {} : { payload }) });
    expect((await as('GET', `/contacts/${id}`)).statusCode).toBe(200);
    expect((await as('PATCH', `/contacts/${id}`, { displayName: 'x' })).statusCode).toBe(403);
    expect((await as('POST', `/contacts/${id}/notes`, { text: 'x' })).statusCode).toBe(403);
    expect((await as('POST', `/contacts/${id}/merge`, { otherContactId: id })).statusCode).toBe(403);
  });
});
