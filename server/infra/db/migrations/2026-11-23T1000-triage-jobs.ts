import type { Kysely } from 'kysely';

/**
 * Triage as background work and configuration:
 *
 * - `triage_training_jobs`: one row per `POST …/models/train`, the durable record of a training that runs on the job
 *   queue (local or BullMQ): its status (queued → running → succeeded | failed), what it was asked to train on, and
 *   what came of it. An uploaded CSV is kept sealed (it holds customer text) only until the training ends.
 * - `customer_value_rules`: per workspace, which contact custom fields make a customer valuable (a priority input of
 *   triage), as validated JSON.
 *
 * Receipt payloads need no schema change: they are sealed in the same text column, and old plain-text rows stay
 * readable until the retention sweep removes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('triage_training_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    /** The training settings asked for (folds, the CSV's columns), as JSON. */
    .addColumn('options', 'text', (c) => c.notNull())
    /** The uploaded CSV, sealed; null for a training from history, and once the training has ended. */
    .addColumn('sealed_input', 'text')
    .addColumn('requested_by_type', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text')
    .addColumn('requested_by_user', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('model_id', 'text')
    .addColumn('model_version', 'integer')
    /** Cross-validated accuracy, macro-F1 and folds, rows and labels, as JSON. */
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('triage_training_jobs_workspace').on('triage_training_jobs').columns(['workspace_id', 'created_at']).execute();

  await db.schema.createTable('customer_value_rules')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}
