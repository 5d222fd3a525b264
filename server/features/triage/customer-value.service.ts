import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { CustomerValueRuleRow } from '../../infra/db/schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCustomerValueRule, saveCustomerValueRule } from './customer-value.repo.js';
import { customerValueRuleBody, type CustomerValueRuleBody, type CustomerValueRuleView } from './customer-value.schemas.js';

/** The domain event of a changed rule; every node reloads that workspace's rule on it. */
export const customerValueRuleChangedEvent = 'triage.customer_value_changed';
/** The audit action of a changed rule. */
export const customerValueRuleAudit = 'triage.customer_value_rule_updated';

function present(row: CustomerValueRuleRow | undefined): CustomerValueRuleView {
  if (row === undefined) return { fields: [], updatedAt: null, updatedBy: null };
  const parsed = customerValueRuleBody.safeParse(JSON.parse(row.rule));
  return { fields: parsed.success ? parsed.data.fields : [], updatedAt: new Date(Number(row.updated_at)).toISOString(), updatedBy: row.updated_by };
}

/** The workspace's customer-value rule (no fields: customer value plays no part in priority). */
export async function getCustomerValueRule(db: Executor, actor: Actor): Promise<CustomerValueRuleView> {
  requirePermission(actor, 'triage:manage');
  return present(await findCustomerValueRule(db, actor.workspaceId));
}

/**
 * Replaces the workspace's customer-value rule (audited with before and after, announced so that every node's ingest
 * uses it within moments). An empty `fields` list turns customer value off.
 */
export async function setCustomerValueRule(ctx: AppContext, actor: Actor, body: CustomerValueRuleBody): Promise<CustomerValueRuleView> {
  requirePermission(actor, 'triage:manage');
  const rule = customerValueRuleBody.parse(body);
  return inTransaction(ctx, async (trx, emit) => {
    const before = await findCustomerValueRule(trx, actor.workspaceId);
    // Strictly later than the stored version, so that every node's cache sees a change even within one millisecond.
    const now = Math.max(ctx.clock.now(), before === undefined ? 0 : Number(before.updated_at) + 1);
    const row: CustomerValueRuleRow = { workspace_id: actor.workspaceId, rule: JSON.stringify(rule), updated_at: now, updated_by: actor.userId ?? actor.id };
    await saveCustomerValueRule(trx, row);
    const view = present(row);
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: customerValueRuleAudit, objectType: 'customer_value_rule', objectId: actor.workspaceId,
      ...(before === undefined ? {} : { before: { fields: present(before).fields } }), after: { fields: view.fields }, at: now,
    });
    emit({ type: customerValueRuleChangedEvent, workspaceId: actor.workspaceId, data: { rule: view } });
    return view;
  });
}
