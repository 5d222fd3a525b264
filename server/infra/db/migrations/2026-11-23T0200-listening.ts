import type { Kysely } from 'kysely';

/**
 * Saved listening queries: per workspace and channel account, a mentions timeline or a recent search polled on a schedule.
 * `since_id` moves only after the posts up to it are committed; `next_token` / `pending_newest_id` keep a walk through
 * pages that was cut short, so the next poll resumes it without a gap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('listening_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('query_key', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('since_id', 'text')
    .addColumn('next_token', 'text')
    .addColumn('pending_newest_id', 'text')
    .addColumn('last_polled_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'bigint')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('listening_queries_key', ['workspace_id', 'account_id', 'query_key'])
    .execute();
  await db.schema.createIndex('listening_queries_workspace').on('listening_queries').columns(['workspace_id', 'created_at']).execute();
}
