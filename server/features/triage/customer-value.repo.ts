import type { Executor } from '../../app-context.js';
import type { CustomerValueRuleRow } from '../../infra/db/schema.js';

/** A workspace's customer-value rule as stored, if it ever set one. */
export async function findCustomerValueRule(db: Executor, workspaceId: string): Promise<CustomerValueRuleRow | undefined> {
  return db.selectFrom('customer_value_rules').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

/** Stores a workspace's rule, replacing the one it had. */
export async function saveCustomerValueRule(db: Executor, row: CustomerValueRuleRow): Promise<void> {
  await db.insertInto('customer_value_rules').values(row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ rule: row.rule, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

/** When each workspace's rule (of one workspace, or all) last changed: what the cache compares before reloading. */
export async function listCustomerValueRuleVersions(db: Executor, workspaceId?: string): Promise<Array<{ workspace_id: string; updated_at: number }>> {
  let query = db.selectFrom('customer_value_rules').select(['workspace_id', 'updated_at']);
  if (workspaceId !== undefined) query = query.where('workspace_id', '=', workspaceId);
  return query.execute();
}

/** The rules of these workspaces. */
export async function loadCustomerValueRules(db: Executor, workspaceIds: readonly string[]): Promise<CustomerValueRuleRow[]> {
  if (workspaceIds.length === 0) return [];
  return db.selectFrom('customer_value_rules').selectAll().where('workspace_id', 'in', [...workspaceIds]).execute();
}
