import type { Executor } from '../../app-context.js';
import type { Logger } from '../../infra/logger.js';
import type { CustomerValueSource } from '../ingest/ingest-value.js';
import { compileCustomerValueRule, type CompiledCustomerValueRule } from './customer-value.js';
import { listCustomerValueRuleVersions, loadCustomerValueRules } from './customer-value.repo.js';
import { customerValueRuleBody } from './customer-value.schemas.js';

/** Every workspace's customer-value rule, compiled, in memory: what ingest consults per batch without a query. */
export interface CustomerValueRules extends CustomerValueSource {
  ruleFor(workspaceId: string): CompiledCustomerValueRule | undefined;
  /** Re-reads which rules changed (of one workspace, or all) and recompiles those. */
  refresh(workspaceId?: string): Promise<void>;
}

/** Creates an empty cache; call refresh() once before use. */
export function createCustomerValueRules(db: Executor, logger: Logger): CustomerValueRules {
  const rules = new Map<string, { updatedAt: number; rule: CompiledCustomerValueRule | undefined }>();
  let queue: Promise<void> = Promise.resolve();

  async function reload(workspaceId?: string): Promise<void> {
    const versions = new Map((await listCustomerValueRuleVersions(db, workspaceId)).map((row) => [row.workspace_id, Number(row.updated_at)]));
    const known = workspaceId === undefined ? [...rules.keys()] : [workspaceId];
    for (const id of known) if (!versions.has(id)) rules.delete(id);
    const changed = [...versions].filter(([id, updatedAt]) => rules.get(id)?.updatedAt !== updatedAt).map(([id]) => id);
    for (const row of await loadCustomerValueRules(db, changed)) {
      const parsed = customerValueRuleBody.safeParse(JSON.parse(row.rule));
      if (!parsed.success) {
        logger.error({ workspaceId: row.workspace_id, issues: parsed.error.issues.length }, 'a stored customer-value rule is not valid; it is ignored');
        rules.set(row.workspace_id, { updatedAt: Number(row.updated_at), rule: undefined });
        continue;
      }
      rules.set(row.workspace_id, { updatedAt: Number(row.updated_at), rule: compileCustomerValueRule(parsed.data) });
    }
  }

  return {
    ruleFor: (workspaceId) => rules.get(workspaceId)?.rule,
    refresh(workspaceId) {
      // One reload at a time, so an older read never overwrites a newer one.
      queue = queue.then(() => reload(workspaceId));
      const current = queue;
      queue = queue.catch(() => undefined);
      return current;
    },
  };
}
