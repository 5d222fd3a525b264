import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Core schema: workspaces, people, channels, conversations, messages, ingest receipts, jobs, audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const s = db.schema;

  await s.createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await s.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();

  await s.createTable('memberships')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await s.createIndex('memberships_user').on('memberships').columns(['user_id']).execute();

  await s.createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await s.createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await s.createIndex('api_tokens_workspace').on('api_tokens').columns(['workspace_id']).execute();

  await s.createTable('queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('queues_workspace_slug', ['workspace_id', 'slug'])
    .execute();

  await s.createTable('queue_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'text', (c) => c.notNull().references('queues.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('queue_members_pk', ['queue_id', 'user_id'])
    .execute();

  await s.createTable('channel_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform_account_id', 'text')
    .addColumn('credentials', 'text')
    .addColumn('health_status', 'text', (c) => c.notNull())
    .addColumn('health_detail', 'text')
    .addColumn('health_checked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('channel_accounts_handle', ['workspace_id', 'platform', 'handle'])
    .execute();

  await s.createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('display_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('merged_into_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('contacts_workspace').on('contacts').columns(['workspace_id', 'created_at']).execute();

  await s.createTable('contact_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_user_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('display_name', 'text')
    .addColumn('followers', 'integer')
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contact_identities_platform_user', ['workspace_id', 'platform', 'platform_user_id'])
    .execute();
  await s.createIndex('contact_identities_contact').on('contact_identities').columns(['contact_id']).execute();

  await s.createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('queue_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('first_inbound_at', 'bigint')
    .addColumn('first_response_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('waiting_since', 'bigint')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const conversationIndexes: Array<[string, string[]]> = [
    ['conversations_recent', ['workspace_id', 'last_message_at', 'id']],
    ['conversations_status_recent', ['workspace_id', 'status', 'last_message_at', 'id']],
    ['conversations_status_priority', ['workspace_id', 'status', 'priority', 'last_message_at', 'id']],
    ['conversations_status_waiting', ['workspace_id', 'status', 'waiting_since', 'id']],
    ['conversations_queue', ['workspace_id', 'queue_id', 'status', 'last_message_at', 'id']],
    ['conversations_assignee', ['workspace_id', 'assignee_id', 'status', 'last_message_at', 'id']],
    ['conversations_contact', ['workspace_id', 'contact_id', 'account_id', 'status']],
  ];
  for (const [name, columns] of conversationIndexes) {
    await s.createIndex(name).on('conversations').columns(columns).execute();
  }

  await s.createTable('conversation_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_tags_pk', ['conversation_id', 'tag'])
    .execute();
  await s.createIndex('conversation_tags_tag').on('conversation_tags').columns(['workspace_id', 'tag', 'conversation_id']).execute();

  let messages = s.createTable('messages');
  messages = dialect === 'sqlite'
    ? messages.addColumn('seq', 'integer', (c) => c.primaryKey()).addColumn('id', 'text', (c) => c.notNull().unique())
    : messages.addColumn('id', 'text', (c) => c.primaryKey());
  await messages
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('platform_message_id', 'text')
    .addColumn('parent_platform_id', 'text')
    .addColumn('thread_refs', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('author_contact_id', 'text')
    .addColumn('author_user_id', 'text')
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('delivery_status', 'text', (c) => c.notNull())
    .addColumn('delivery_error', 'text')
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_by_author_at', 'bigint')
    .addColumn('receipt_id', 'text')
    .addColumn('client_key', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await s.createIndex('messages_client_key').on('messages').columns(['workspace_id', 'client_key']).unique().execute();
  await s.createIndex('messages_platform_id').on('messages').columns(['account_id', 'platform_message_id']).unique().execute();
  await s.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'sent_at']).execute();
  await s.createIndex('messages_workspace_received').on('messages').columns(['workspace_id', 'received_at']).execute();

  if (dialect === 'sqlite') {
    // The workspace id is indexed as a column of its own so a search intersects both doclists inside FTS5.
    await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, workspace_id, content='messages', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts(rowid, text, workspace_id) VALUES (new.seq, new.text, new.workspace_id); END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text, workspace_id) VALUES ('delete', old.seq, old.text, old.workspace_id); END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, text, workspace_id) VALUES ('delete', old.seq, old.text, old.workspace_id);
      INSERT INTO messages_fts(rowid, text, workspace_id) VALUES (new.seq, new.text, new.workspace_id); END`.execute(db);
  } else {
    await sql`ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED`.execute(db);
    await sql`CREATE INDEX messages_search ON messages USING gin (search)`.execute(db);
  }

  await s.createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('author_user_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('notes_conversation').on('notes').columns(['conversation_id', 'created_at']).execute();

  // A receipt's status changes once (pending → processed or failed); its payload is written once, in a table of its own,
  // so marking a batch processed rewrites small rows, not every raw payload again.
  await s.createTable('receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .execute();
  await s.createIndex('receipts_pending').on('receipts').column('id').where(sql.ref('status'), '=', 'pending').execute();
  await s.createTable('receipt_payloads')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey().references('receipts.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('jobs_due').on('jobs').columns(['queue', 'status', 'run_at']).execute();

  await s.createTable('audit_entries')
    .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await s.createIndex('audit_entries_workspace').on('audit_entries').columns(['workspace_id', 'seq']).execute();
  // The chain has one successor per entry: a second writer that read the same tail fails and retries.
  await s.createIndex('audit_entries_prev').on('audit_entries').columns(['workspace_id', 'prev_hash']).unique().execute();

  // The newest entry of each workspace's chain, so removing the last entries is detected too.
  await s.createTable('audit_heads')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text', (c) => c.notNull())
    .addColumn('lines_done', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('imports_file', ['workspace_id', 'file_key'])
    .execute();
}
