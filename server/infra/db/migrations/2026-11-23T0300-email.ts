import type { Kysely } from 'kysely';

/** Where IMAP polling stands per email account: the mailbox's UIDVALIDITY and the last UID already recorded. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('email_mailbox_cursors')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('channel_accounts.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('polled_at', 'bigint')
    .addColumn('refused_credentials', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
