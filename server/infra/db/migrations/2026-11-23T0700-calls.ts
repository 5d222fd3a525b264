import type { Kysely } from 'kysely';

/**
 * The call centre, and delivery statuses that arrive before their message is known.
 *
 * - `calls`: the call log of `phone` accounts, one row per call the telephony system reported, keyed by its call id on
 *   the account. Each call is also a message (kind call) in a conversation, which is what threads, profiles and
 *   analytics see; this table is what the call log lists and filters (contact, agent, disposition, time), newest first
 *   by (started_at, message_id).
 * - `pending_statuses`: a delivery status (sent, delivered, read, failed) whose message has no platform id yet, because
 *   the platform's webhook beat the send job that stores it. One row per message, holding the furthest status seen; it
 *   is applied and removed when the platform id is stored (or by the sweep), and dropped after a day if it never is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.createTable('calls')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('agent_user_id', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('recording_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('calls_account_call', ['account_id', 'call_id'])
    .execute();
  const callIndexes: Array<[string, string[]]> = [
    ['calls_recent', ['workspace_id', 'started_at', 'message_id']],
    ['calls_contact', ['workspace_id', 'contact_id', 'started_at', 'message_id']],
    ['calls_agent', ['workspace_id', 'agent_user_id', 'started_at', 'message_id']],
    ['calls_disposition', ['workspace_id', 'disposition', 'started_at', 'message_id']],
  ];
  for (const [name, columns] of callIndexes) await s.createIndex(name).on('calls').columns(columns).execute();

  await s.createTable('pending_statuses')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('platform_message_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('status_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_statuses_pk', ['account_id', 'platform_message_id'])
    .execute();
  await s.createIndex('pending_statuses_received').on('pending_statuses').columns(['received_at']).execute();
}
