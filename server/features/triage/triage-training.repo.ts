import type { Updateable } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { TriageTrainingJobRow, TriageTrainingJobsTable } from '../../infra/db/schema.js';

/** Where a training stands. */
export const trainingStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

/** Records a training request. */
export async function insertTraining(db: Executor, row: TriageTrainingJobRow): Promise<void> {
  await db.insertInto('triage_training_jobs').values(row).execute();
}

/** One training, by id (of any workspace: callers check it). */
export async function findTraining(db: Executor, id: string): Promise<TriageTrainingJobRow | undefined> {
  return db.selectFrom('triage_training_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a training only while it is in one of these statuses; returns whether it did. */
export async function updateTraining(db: Executor, id: string, from: readonly TrainingStatus[], changes: Updateable<TriageTrainingJobsTable>): Promise<boolean> {
  const result = await db.updateTable('triage_training_jobs').set(changes).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
