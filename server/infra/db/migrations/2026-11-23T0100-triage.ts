import type { Kysely } from 'kysely';

/** Triage models as data: every trained intent or sentiment model of a workspace, versioned, one active per target. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('triage_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'bigint', (c) => c.notNull())
    .addColumn('trained_on', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addUniqueConstraint('triage_models_version', ['workspace_id', 'target', 'version'])
    .execute();
  await db.schema.createIndex('triage_models_active').on('triage_models').columns(['active', 'workspace_id', 'target']).execute();
}
