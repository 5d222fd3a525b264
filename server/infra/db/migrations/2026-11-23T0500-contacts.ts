import type { Kysely } from 'kysely';

/**
 * Customer profiles and read markers: notes and tags on a contact, and per user how far each conversation was read.
 *
 * `conversation_reads.read_at` is the position read up to: the conversation's newest inbound message time when the
 * user opened it (never the wall clock), so a message that arrives late with an older timestamp, or one stamped by a
 * platform clock ahead of ours, still counts correctly. A conversation is unread for a user while its
 * `last_inbound_at` is newer than that user's `read_at` (or the user has no row for it).
 *
 * Merging contacts rewrites `messages.author_contact_id`, so that column gets an index: a merge must not scan every
 * message of the workspace while it holds the write lock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.createTable('contact_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('author_user_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('contact_notes_contact').on('contact_notes').columns(['contact_id', 'id']).execute();

  await s.createTable('contact_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag'])
    .execute();
  await s.createIndex('contact_tags_tag').on('contact_tags').columns(['workspace_id', 'tag', 'contact_id']).execute();

  await s.createTable('conversation_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('read_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_reads_pk', ['user_id', 'conversation_id'])
    .execute();

  await s.createIndex('contacts_merged_into').on('contacts').columns(['merged_into_id']).execute();
  await s.createIndex('messages_author_contact').on('messages').columns(['author_contact_id']).execute();
}
