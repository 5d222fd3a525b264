import { z } from 'zod';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { AppError, notFound } from '../../http/app-error.js';
import type { TriageTrainingJobRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { JobError, type JobDefinition } from '../../infra/queue/queue.port.js';
import { can, requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkExamples } from './model-training.js';
import { queueLabelledExamples } from './triage-history.repo.js';
import { storeTrainedModel } from './triage-model.service.js';
import type { ModelTarget } from './triage-model.repo.js';
import { collectExamples, parseCsvText } from './triage-records.js';
import { findTraining, insertTraining, updateTraining, type TrainingStatus } from './triage-training.repo.js';
import { maxTrainingRows, type TrainingView, type TrainModelBody } from './triage.schemas.js';
import { trainInThread, TrainingRejected } from './training.thread.js';
import type { LabelledExample } from './training.service.js';

/** The job that trains a requested model (its payload names the training row: everything else is stored there). */
export const trainModelJobName = 'triage.train-model';
/** Audit actions of a training's life (its success is `model.trained`, recorded with the model). */
export const trainingRequestedAudit = 'model.training_requested';
export const trainingFailedAudit = 'model.training_failed';

/** Tries of one training: a lost worker is retried; examples training refuses fail at once. */
const maxAttempts = 3;

interface TrainingOptions {
  folds: number;
}

interface TrainingResult {
  rows: number;
  labels: Record<string, number>;
  metrics: { accuracy: number; macroF1: number; folds: number } | null;
  trainingSeconds: number | null;
}

const iso = (value: number | null): string | null => (value === null ? null : new Date(Number(value)).toISOString());

/** The API view of a training. */
export function presentTraining(row: TriageTrainingJobRow): TrainingView {
  const options = JSON.parse(row.options) as TrainingOptions;
  return {
    id: row.id,
    status: row.status as TrainingStatus,
    target: row.target === 'sentiment' ? 'sentiment' : 'intent',
    source: row.source === 'csv' ? 'csv' : 'history',
    folds: options.folds,
    attempts: Number(row.attempts),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    model: row.model_id === null || row.model_version === null ? null : { id: row.model_id, version: Number(row.model_version) },
    result: row.result === null ? null : JSON.parse(row.result) as TrainingResult,
    error: row.error,
  };
}

/** The actor a training acts as once it runs: whoever asked for it (the permission was checked then). */
function requesterOf(row: TriageTrainingJobRow): Actor {
  const type = row.requested_by_type === 'user' || row.requested_by_type === 'token' ? row.requested_by_type : 'system';
  return { type, id: row.requested_by_id, userId: row.requested_by_user, workspaceId: row.workspace_id, role: 'admin' };
}

/**
 * Asks for a new intent or sentiment model: records the training (audited as `model.training_requested`) and queues
 * it as a durable job; returns at once with its status `queued`. An uploaded CSV is read and checked here, so a bad
 * file is refused with 422 before anything is queued, and kept sealed until the training ends.
 */
export async function requestTraining(ctx: AppContext, actor: Actor, body: TrainModelBody): Promise<TrainingView> {
  requirePermission(actor, 'workspace:manage');
  let sealedInput: string | null = null;
  let rows: number | undefined;
  if (body.source === 'csv') {
    const examples = checkExamples(body.target, await collectExamples(parseCsvText(body.csv), body.textColumn, body.labelColumn, maxTrainingRows), body.folds);
    sealedInput = ctx.secrets.seal(JSON.stringify(examples));
    rows = examples.length;
  }
  const now = ctx.clock.now();
  const row: TriageTrainingJobRow = {
    id: newId(), workspace_id: actor.workspaceId, status: 'queued', target: body.target, source: body.source, options: JSON.stringify({ folds: body.folds } satisfies TrainingOptions),
    sealed_input: sealedInput, requested_by_type: actor.type, requested_by_id: actor.id, requested_by_user: actor.userId, attempts: 0,
    model_id: null, model_version: null, result: null, error: null, created_at: now, started_at: null, finished_at: null,
  };
  await inTransaction(ctx, async (trx) => {
    await insertTraining(trx, row);
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: trainingRequestedAudit, objectType: 'triage_training', objectId: row.id,
      after: { target: body.target, source: body.source, folds: body.folds, ...(rows === undefined ? {} : { rows }) }, at: now,
    });
  });
  try {
    await ctx.queue.enqueue(trainModelJobName, { trainingId: row.id }, { dedupeKey: `triage-train:${row.id}`, maxAttempts });
  } catch (error) {
    ctx.logger.error({ err: error, trainingId: row.id }, 'a training could not be queued');
    await failTraining(ctx, row.id, 'The training could not be queued; ask again');
    throw new AppError('UNAVAILABLE', 'The job queue is not available; try again shortly');
  }
  return presentTraining(row);
}

/** One training of the actor's workspace (another workspace's is not found). */
export async function getTraining(db: Executor, actor: Actor, id: string): Promise<TrainingView> {
  if (!can(actor, 'workspace:manage')) requirePermission(actor, 'analytics:read');
  const row = await findTraining(db, id);
  if (row === undefined || row.workspace_id !== actor.workspaceId) throw notFound('Training');
  return presentTraining(row);
}

/** Marks a training failed for good (once), drops its uploaded examples and audits why. */
async function failTraining(ctx: AppContext, id: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const row = await findTraining(trx, id);
    if (row === undefined) return;
    const changed = await updateTraining(trx, id, ['queued', 'running'], { status: 'failed', error: reason.slice(0, 2000), finished_at: now, sealed_input: null });
    if (!changed) return;
    await recordAudit(trx, { actor: requesterOf(row), workspaceId: row.workspace_id, action: trainingFailedAudit, objectType: 'triage_training', objectId: id, after: { error: reason.slice(0, 500) }, at: now });
  });
}

async function examplesOf(ctx: AppContext, row: TriageTrainingJobRow): Promise<LabelledExample[]> {
  if (row.source === 'history') return queueLabelledExamples(ctx.db.kysely, row.workspace_id, maxTrainingRows);
  if (row.sealed_input === null) throw new JobError('The uploaded examples are no longer stored', { permanent: true });
  return JSON.parse(ctx.secrets.open(row.sealed_input)) as LabelledExample[];
}

/**
 * The job that runs a requested training: reads the examples (the workspace's queue history, or the sealed upload),
 * trains on a thread of its own, then in one transaction stores the model as the active version (audited and
 * announced as `model.trained`) and marks the training succeeded. `onTrained` runs after the commit (the process's
 * own model cache reloads there; other nodes reload on the event).
 */
export function defineTrainModelJob(ctx: AppContext, onTrained: (workspaceId: string) => Promise<void>): JobDefinition<z.ZodObject<{ trainingId: z.ZodString }>> {
  return {
    name: trainModelJobName,
    payload: z.object({ trainingId: z.string().min(1).max(64) }),
    async run({ trainingId }, context) {
      const row = await findTraining(ctx.db.kysely, trainingId);
      if (row === undefined || row.status === 'succeeded' || row.status === 'failed') return;
      const started = ctx.clock.now();
      await updateTraining(ctx.db.kysely, trainingId, ['queued', 'running'], { status: 'running', attempts: context.attempt, started_at: started, error: null });
      const options = JSON.parse(row.options) as TrainingOptions;
      const target: ModelTarget = row.target === 'sentiment' ? 'sentiment' : 'intent';
      try {
        const examples = checkExamples(target, await examplesOf(ctx, row), options.folds);
        const trained = await trainInThread({ target, examples, folds: options.folds, source: row.source === 'history' ? 'history:queues' : 'upload:csv' });
        const stored = await inTransaction(ctx, async (trx, emit) => {
          const now = ctx.clock.now();
          // Only one worker records the outcome, even if a lost lock let two train the same request.
          if (!(await updateTraining(trx, trainingId, ['running'], { status: 'succeeded', finished_at: now, sealed_input: null, error: null }))) return false;
          const view = await storeTrainedModel(ctx, trx, emit, requesterOf(row), trained);
          const result: TrainingResult = { rows: view.trainedOn.rows, labels: view.trainedOn.labels, metrics: view.trainedOn.metrics, trainingSeconds: view.trainedOn.trainingSeconds };
          await updateTraining(trx, trainingId, ['succeeded'], { model_id: view.id, model_version: view.version, result: JSON.stringify(result) });
          return true;
        });
        if (stored) await onTrained(row.workspace_id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const permanent = error instanceof TrainingRejected || (error instanceof AppError && error.code === 'VALIDATION_FAILED') || (error instanceof JobError && error.failure.permanent === true);
        if (!permanent && context.attempt < context.maxAttempts) {
          // Waiting for its next try: queued again, with why the last one failed.
          await updateTraining(ctx.db.kysely, trainingId, ['running'], { status: 'queued', error: message.slice(0, 2000) });
        }
        throw permanent ? new JobError(message, { permanent: true }) : error;
      }
    },
    async onFailed({ trainingId }, error) {
      await failTraining(ctx, trainingId, error);
    },
  };
}
