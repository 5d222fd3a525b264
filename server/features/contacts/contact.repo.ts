import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { ContactIdentityRow, ContactNoteRow, ContactRow, ConversationRow } from '../../infra/db/schema.js';
import { dialectOf } from '../../infra/db/dialect.js';
import { chunks } from '../ingest/ingest-lookups.js';

/** How many merge hops a lookup follows; merges repoint older aliases, so one hop is the rule and more is a race. */
const maxMergeHops = 8;

/** Case-insensitive substring match that treats %, _ and ! in the search as plain characters. */
function containsIgnoringCase(column: string, search: string): Expression<SqlBool> {
  const pattern = `%${search.toLowerCase().replaceAll(/[!%_]/g, '!$&')}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
}

/** One page of a workspace's contacts, newest first, optionally matching a name, handle or email, or a tag. */
export async function listContacts(db: Executor, workspaceId: string, filter: { q?: string | undefined; tag?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ rows: ContactRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('merged_into_id', 'is', null);
  if (filter.q !== undefined) {
    const search = filter.q.replace(/^@/, '');
    query = query.where((eb) => eb.or([
      containsIgnoringCase('contacts.display_name', search),
      containsIgnoringCase('contacts.email', search),
      eb.exists(eb.selectFrom('contact_identities').select('contact_identities.id')
        .whereRef('contact_identities.contact_id', '=', 'contacts.id')
        .where(() => eb.or([containsIgnoringCase('contact_identities.handle', search), containsIgnoringCase('contact_identities.display_name', search)]))),
    ]));
  }
  if (filter.tag !== undefined) {
    const tag = filter.tag.toLowerCase();
    query = query.where((eb) => eb.exists(eb.selectFrom('contact_tags').select('contact_tags.tag')
      .whereRef('contact_tags.contact_id', '=', 'contacts.id').where('contact_tags.tag', '=', tag)));
  }
  // Ids are ULIDs, so ordering by id is ordering by creation and the last id is the whole cursor.
  if (filter.cursor !== undefined) query = query.where('id', '<', filter.cursor);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

/** One contact of the workspace, merged or not. */
export async function findContact(db: Executor, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The live contact an id stands for: the contact itself, or the one it was merged into. */
export async function resolveContact(db: Executor, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  let contact = await findContact(db, workspaceId, id);
  for (let hop = 0; contact?.merged_into_id != null && hop < maxMergeHops; hop += 1) contact = await findContact(db, workspaceId, contact.merged_into_id);
  return contact?.merged_into_id == null ? contact : undefined;
}

/**
 * Locks contacts for a change that must not interleave with another (PostgreSQL; SQLite has one writer anyway), in id
 * order. NO KEY UPDATE, not UPDATE: ingest inserting a conversation for one of them only needs a key share and goes on.
 */
export async function lockContacts(trx: Executor, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await trx.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', [...ids].sort()).orderBy('id').forNoKeyUpdate().execute();
}

/** The ids of the contacts merged into this one (its aliases). */
export async function aliasesOf(db: Executor, workspaceId: string, id: string): Promise<string[]> {
  const rows = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('merged_into_id', '=', id).execute();
  return rows.map((row) => row.id);
}

/** The identities of each contact, by platform. */
export async function loadContactIdentities(db: Executor, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, ContactIdentityRow[]>> {
  const byContact = new Map<string, ContactIdentityRow[]>(contactIds.map((id) => [id, []]));
  for (const part of chunks(contactIds)) {
    const rows = await db.selectFrom('contact_identities').selectAll()
      .where('workspace_id', '=', workspaceId).where('contact_id', 'in', part).orderBy('platform').orderBy('id').execute();
    for (const row of rows) byContact.get(row.contact_id)?.push(row);
  }
  return byContact;
}

/** The tags of each contact, alphabetically. */
export async function loadContactTags(db: Executor, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string[]>> {
  const byContact = new Map<string, string[]>(contactIds.map((id) => [id, []]));
  for (const part of chunks(contactIds)) {
    const rows = await db.selectFrom('contact_tags').select(['contact_id', 'tag']).where('workspace_id', '=', workspaceId).where('contact_id', 'in', part).orderBy('tag').execute();
    for (const row of rows) byContact.get(row.contact_id)?.push(row.tag);
  }
  return byContact;
}

/** Replaces a contact's tags. */
export async function replaceContactTags(trx: Executor, workspaceId: string, contactId: string, tags: readonly string[]): Promise<void> {
  await trx.deleteFrom('contact_tags').where('contact_id', '=', contactId).execute();
  if (tags.length > 0) await trx.insertInto('contact_tags').values(tags.map((tag) => ({ workspace_id: workspaceId, contact_id: contactId, tag }))).execute();
}

/** Saves a contact's own fields. */
export async function updateContactFields(trx: Executor, contact: ContactRow): Promise<void> {
  await trx.updateTable('contacts').set({
    display_name: contact.display_name, email: contact.email, phone: contact.phone, custom_fields: contact.custom_fields, updated_at: contact.updated_at,
  }).where('id', '=', contact.id).execute();
}

/** A contact's most recent conversations on any channel (the ids given: the contact and its aliases). */
export async function recentConversationsOfContact(db: Executor, workspaceId: string, contactIds: readonly string[], limit: number): Promise<ConversationRow[]> {
  return db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', 'in', contactIds)
    .orderBy('last_message_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** How many conversations a contact (with its aliases) has. */
export async function countConversationsOfContact(db: Executor, workspaceId: string, contactIds: readonly string[]): Promise<number> {
  const row = await db.selectFrom('conversations').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', workspaceId).where('contact_id', 'in', contactIds).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a contact's notes, newest first; the last id is the cursor. */
export async function listContactNotes(db: Executor, workspaceId: string, contactId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ rows: ContactNoteRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('contact_notes').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor);
  const rows = await query.orderBy('id', 'desc').limit(page.limit + 1).execute();
  const shown = rows.slice(0, page.limit);
  return { rows: shown, nextCursor: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null };
}

/** Adds a note to a profile. */
export async function insertContactNote(trx: Executor, note: ContactNoteRow): Promise<void> {
  await trx.insertInto('contact_notes').values(note).execute();
}
