import { inTransaction, type AppContext, type Emit, type Executor } from '../../app-context.js';
import { newId } from '../../infra/ids.js';
import { can, requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { serializeModel } from './model.codec.js';
import { checkExamples, trainModel, type TrainedModel, type TrainModelInput } from './model-training.js';
import { insertActiveModel, listModelSummaries, nextModelVersion } from './triage-model.repo.js';
import { presentModel } from './triage.presenter.js';
import { modelTrainedEvent } from './triage.events.js';
import type { ModelView } from './triage.schemas.js';

export { checkExamples, type TrainModelInput } from './model-training.js';

/**
 * Stores a trained model as the workspace's new active version, inside the caller's transaction: audited as
 * `model.trained` (by whoever asked for the training) and announced, so every node reloads that workspace's models.
 */
export async function storeTrainedModel(ctx: AppContext, trx: Executor, emit: Emit, actor: Actor, trained: TrainedModel): Promise<ModelView> {
  const { model, target, trainingSeconds } = trained;
  const version = await nextModelVersion(trx, actor.workspaceId, target);
  const now = ctx.clock.now();
  const trainedOn = { ...model.trainedOn, classes: model.classes, metrics: model.metrics ?? null, trainingSeconds };
  const row = {
    id: newId(), workspace_id: actor.workspaceId, target, version, trained_at: now, trained_on: JSON.stringify(trainedOn),
    model: serializeModel({ ...model, version: `v${version}`, trainedAt: new Date(now).toISOString() }), active: 1, created_by: actor.userId ?? actor.id,
  };
  await insertActiveModel(trx, row);
  const view = presentModel(row);
  await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: modelTrainedEvent, objectType: 'triage_model', objectId: row.id, after: view, at: now });
  emit({ type: modelTrainedEvent, workspaceId: actor.workspaceId, data: { model: view } });
  return view;
}

/**
 * Trains an intent or sentiment model for the actor's workspace in this process, cross-validates it, and stores it as
 * the new active version. What `rapport train` runs (without a server); the API queues the same work as a job
 * (triage-training.service.ts).
 */
export async function trainWorkspaceModel(ctx: AppContext, actor: Actor, input: TrainModelInput): Promise<ModelView> {
  requirePermission(actor, 'workspace:manage');
  const examples = checkExamples(input.target, input.examples, input.folds);
  const trained = trainModel({ ...input, examples });
  return inTransaction(ctx, (trx, emit) => storeTrainedModel(ctx, trx, emit, actor, trained));
}

/** Every model version of the actor's workspace, newest first per target, without weights. */
export async function listWorkspaceModels(db: Executor, actor: Actor): Promise<ModelView[]> {
  if (!can(actor, 'workspace:manage')) requirePermission(actor, 'analytics:read');
  return (await listModelSummaries(db, actor.workspaceId)).map(presentModel);
}
