import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import { newId } from '../../infra/ids.js';
import { can, requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { serializeModel } from './model.codec.js';
import { SENTIMENT_CLASSES } from './sentiment.service.js';
import { insertActiveModel, listModelSummaries, nextModelVersion, type ModelTarget } from './triage-model.repo.js';
import { queueLabelledExamples } from './triage-history.repo.js';
import { collectExamples, parseCsvText } from './triage-records.js';
import { presentModel } from './triage.presenter.js';
import { modelTrainedEvent } from './triage.events.js';
import { loadDefaultModels } from './triage.models.js';
import { maxTrainingRows, type ModelView, type TrainModelBody } from './triage.schemas.js';
import { trainClassifier, type LabelledExample } from './training.service.js';

/** What to train a workspace model from. */
export interface TrainModelInput {
  target: ModelTarget;
  examples: LabelledExample[];
  /** Where the examples came from, e.g. `history` or `upload:tickets.csv`. */
  source: string;
  /** Cross-validation folds for the recorded accuracy and the confidence calibration. */
  folds: number;
}

const minExamples = 10;

/** Checks the examples can make a model: enough rows, two labels or more; sentiment labels must be Rapport's three. */
export function checkExamples(target: ModelTarget, examples: readonly LabelledExample[], folds: number): LabelledExample[] {
  const rows = target === 'sentiment' ? examples.map((row) => ({ ...row, label: row.label.toLowerCase() })) : [...examples];
  if (target === 'sentiment') {
    const unknown = [...new Set(rows.map((row) => row.label))].filter((label) => !(SENTIMENT_CLASSES as readonly string[]).includes(label));
    if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `Sentiment labels must be negative, neutral or positive; found ${unknown.slice(0, 5).join(', ')}`, [{ path: 'labelColumn', message: 'unknown sentiment labels' }]);
  }
  if (rows.length < Math.max(minExamples, folds * 2)) throw new AppError('VALIDATION_FAILED', `Training needs at least ${Math.max(minExamples, folds * 2)} labelled rows; got ${rows.length}`);
  if (new Set(rows.map((row) => row.label)).size < 2) throw new AppError('VALIDATION_FAILED', 'Training needs at least two different labels');
  return rows;
}

/**
 * Trains an intent or sentiment model for the actor's workspace, cross-validates it, and stores it as the new active
 * version (audited as `model.trained`, announced so every node reloads it). Runs on the calling thread: seconds for
 * thousands of rows.
 */
export async function trainWorkspaceModel(ctx: AppContext, actor: Actor, input: TrainModelInput): Promise<ModelView> {
  requirePermission(actor, 'workspace:manage');
  const examples = checkExamples(input.target, input.examples, input.folds);
  const started = performance.now();
  const model = trainClassifier(examples, {
    target: input.target, source: input.source, folds: input.folds,
    // 2^16 buckets: a quarter of the engine's default memory per class (Banking77: 20 MB instead of 80 MB, -0.5 pt accuracy).
    ...(input.target === 'sentiment' ? { lexicon: loadDefaultModels().lexicon, training: { loss: 'log' as const, balanced: true } } : { features: { hashBits: 16 } }),
  });
  const trainingSeconds = Math.round((performance.now() - started) / 10) / 100;
  return inTransaction(ctx, async (trx, emit) => {
    const version = await nextModelVersion(trx, actor.workspaceId, input.target);
    const now = ctx.clock.now();
    const trainedOn = { ...model.trainedOn, classes: model.classes, metrics: model.metrics ?? null, trainingSeconds };
    const row = {
      id: newId(), workspace_id: actor.workspaceId, target: input.target, version, trained_at: now, trained_on: JSON.stringify(trainedOn),
      model: serializeModel({ ...model, version: `v${version}`, trainedAt: new Date(now).toISOString() }), active: 1, created_by: actor.userId ?? actor.id,
    };
    await insertActiveModel(trx, row);
    const view = presentModel(row);
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: modelTrainedEvent, objectType: 'triage_model', objectId: row.id, after: view, at: now });
    emit({ type: modelTrainedEvent, workspaceId: actor.workspaceId, data: { model: view } });
    return view;
  });
}

/** Every model version of the actor's workspace, newest first per target, without weights. */
export async function listWorkspaceModels(db: Executor, actor: Actor): Promise<ModelView[]> {
  if (!can(actor, 'workspace:manage')) requirePermission(actor, 'analytics:read');
  return (await listModelSummaries(db, actor.workspaceId)).map(presentModel);
}

/** Trains from what the API was given: the workspace's queue history or an uploaded CSV. */
export async function trainFromRequest(ctx: AppContext, actor: Actor, body: TrainModelBody): Promise<ModelView> {
  requirePermission(actor, 'workspace:manage');
  const examples = body.source === 'history'
    ? await queueLabelledExamples(ctx.db.kysely, actor.workspaceId, maxTrainingRows)
    : await collectExamples(parseCsvText(body.csv), body.textColumn, body.labelColumn, maxTrainingRows);
  const source = body.source === 'history' ? 'history:queues' : 'upload:csv';
  return trainWorkspaceModel(ctx, actor, { target: body.target, examples, source, folds: body.folds });
}
