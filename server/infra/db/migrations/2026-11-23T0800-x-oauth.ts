import type { Kysely } from 'kysely';

/**
 * Renewing an account's OAuth 2.0 tokens (X user-context tokens expire after two hours and each refresh rotates the
 * refresh token, so two nodes refreshing at once would leave one of them with a spent token):
 *
 * - `token_refresh_lease_until`: a node claimed the refresh until then, by an update conditioned on the credentials it
 *   read (which hold the refresh token it will spend); the others wait and re-read the credentials instead of refreshing.
 * - `token_refresh_refused`: a fingerprint of the app credentials and refresh token the platform refused (invalid_grant),
 *   so no send calls the token endpoint again with them; new credentials have another fingerprint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channel_accounts').addColumn('token_refresh_lease_until', 'bigint').execute();
  await db.schema.alterTable('channel_accounts').addColumn('token_refresh_refused', 'text').execute();
}
