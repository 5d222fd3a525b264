import type { Kysely } from 'kysely';

/**
 * Web chat: the sites allowed to open an account's chat widget. The identity secret is a credential (sealed in
 * `channel_accounts.credentials`); the allowed origins are not secret, so the API shows them and they live here,
 * one row per web chat account, as a JSON array of origins (`https://www.acme.example`, `https://*.acme.example`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('webchat_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('channel_accounts.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
