import type { Executor } from '../../app-context.js';
import type { TriageModelRow } from '../../infra/db/schema.js';

/** The targets a workspace can train a model for. */
export const modelTargets = ['intent', 'sentiment'] as const;
/** What a trained model predicts. */
export type ModelTarget = (typeof modelTargets)[number];

/** A model row without its (large) model text: what lists and version checks need. */
export type TriageModelSummaryRow = Omit<TriageModelRow, 'model'>;

const summaryColumns = ['id', 'workspace_id', 'target', 'version', 'trained_at', 'trained_on', 'active', 'created_by'] as const;

/** The next version number of a workspace's model for a target (1 for the first). */
export async function nextModelVersion(db: Executor, workspaceId: string, target: ModelTarget): Promise<number> {
  const row = await db.selectFrom('triage_models').select((eb) => eb.fn.max('version').as('latest'))
    .where('workspace_id', '=', workspaceId).where('target', '=', target).executeTakeFirst();
  return Number(row?.latest ?? 0) + 1;
}

/** Stores a new model version as the active one of its target; the previous active version stays, inactive. */
export async function insertActiveModel(trx: Executor, row: TriageModelRow): Promise<void> {
  await trx.updateTable('triage_models').set({ active: 0 })
    .where('workspace_id', '=', row.workspace_id).where('target', '=', row.target).where('active', '=', 1).execute();
  await trx.insertInto('triage_models').values({ ...row, active: 1 }).execute();
}

/** Every model version of a workspace, newest first, without the model text. */
export async function listModelSummaries(db: Executor, workspaceId: string): Promise<TriageModelSummaryRow[]> {
  return db.selectFrom('triage_models').select(summaryColumns).where('workspace_id', '=', workspaceId)
    .orderBy('target').orderBy('version', 'desc').execute();
}

/** Which version of which target is active in each workspace, or in one (cheap: no model text). */
export async function listActiveVersions(db: Executor, workspaceId?: string): Promise<Array<{ id: string; workspace_id: string; target: string; version: number }>> {
  let query = db.selectFrom('triage_models').select(['id', 'workspace_id', 'target', 'version']).where('active', '=', 1);
  if (workspaceId !== undefined) query = query.where('workspace_id', '=', workspaceId);
  return query.execute();
}

/** The active models of some workspaces, with their model text. */
export async function loadActiveModels(db: Executor, workspaceIds?: readonly string[]): Promise<TriageModelRow[]> {
  let query = db.selectFrom('triage_models').selectAll().where('active', '=', 1);
  if (workspaceIds !== undefined) {
    if (workspaceIds.length === 0) return [];
    query = query.where('workspace_id', 'in', [...workspaceIds]);
  }
  return query.execute();
}
