import type { Selectable } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { ImportsTable } from '../../infra/db/schema.js';

/** The progress record of one file's import into one workspace. */
export type ImportRow = Selectable<ImportsTable>;

/** Where an import stands. */
export type ImportStatus = 'running' | 'interrupted' | 'completed';

/** The import of this file into this workspace, if one was started before. */
export async function findImport(db: Executor, workspaceId: string, fileKey: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('file_key', '=', fileKey).executeTakeFirst();
}

/** Records a new import. */
export async function insertImport(db: Executor, row: ImportRow): Promise<void> {
  await db.insertInto('imports').values(row).execute();
}

/** Moves an import's progress forward: the lines handled so far and the running totals. */
export async function saveImportProgress(db: Executor, id: string, progress: { linesDone: number; accepted: number; rejected: number; status: ImportStatus; now: number }): Promise<void> {
  await db.updateTable('imports')
    .set({ lines_done: progress.linesDone, accepted: progress.accepted, rejected: progress.rejected, status: progress.status, updated_at: progress.now })
    .where('id', '=', id).execute();
}

/** Changes only an import's status (when a run stops on an error, its progress stays at the last committed batch). */
export async function setImportStatus(db: Executor, id: string, status: ImportStatus, now: number): Promise<void> {
  await db.updateTable('imports').set({ status, updated_at: now }).where('id', '=', id).execute();
}
