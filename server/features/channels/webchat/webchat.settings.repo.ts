import type { Executor } from '../../../app-context.js';

/** The allowed origins of web chat accounts, by account id (an account without a row allows none). */
export async function readAllowedOrigins(db: Executor, accountIds: readonly string[]): Promise<Map<string, string[]>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.selectFrom('webchat_settings').select(['account_id', 'allowed_origins']).where('account_id', 'in', [...accountIds]).execute();
  return new Map(rows.map((row) => [row.account_id, JSON.parse(row.allowed_origins) as string[]]));
}

/** Sets a web chat account's allowed origins. */
export async function writeAllowedOrigins(db: Executor, input: { accountId: string; workspaceId: string; origins: readonly string[]; now: number }): Promise<void> {
  const allowed_origins = JSON.stringify([...new Set(input.origins)]);
  await db.insertInto('webchat_settings')
    .values({ account_id: input.accountId, workspace_id: input.workspaceId, allowed_origins, updated_at: input.now })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ allowed_origins, updated_at: input.now }))
    .execute();
}
