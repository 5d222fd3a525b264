import type { Updateable } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { ListeningQueriesTable, ListeningQueryRow } from '../../infra/db/schema.js';

/** A query with the platform of its account, as the API shows it. */
export type ListeningQueryWithPlatform = ListeningQueryRow & { platform: string };

function withPlatform(db: Executor, workspaceId: string) {
  return db.selectFrom('listening_queries').innerJoin('channel_accounts', 'channel_accounts.id', 'listening_queries.account_id')
    .selectAll('listening_queries').select('channel_accounts.platform as platform').where('listening_queries.workspace_id', '=', workspaceId);
}

/** The saved listening queries of a workspace, oldest first. */
export async function listQueries(db: Executor, workspaceId: string): Promise<ListeningQueryWithPlatform[]> {
  return withPlatform(db, workspaceId).orderBy('listening_queries.created_at').orderBy('listening_queries.id').execute();
}

/** One query of a workspace. */
export async function findQuery(db: Executor, workspaceId: string, id: string): Promise<ListeningQueryWithPlatform | undefined> {
  return withPlatform(db, workspaceId).where('listening_queries.id', '=', id).executeTakeFirst();
}

/** One query by id alone: the poll job names it in its payload. */
export async function findQueryById(db: Executor, id: string): Promise<ListeningQueryRow | undefined> {
  return db.selectFrom('listening_queries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every active query of every workspace, for resuming schedules. */
export async function listActiveQueries(db: Executor): Promise<Array<Pick<ListeningQueryRow, 'id' | 'interval_seconds'>>> {
  return db.selectFrom('listening_queries').select(['id', 'interval_seconds']).where('active', '=', 1).orderBy('id').execute();
}

/** Stores a new query. */
export async function insertQuery(db: Executor, row: ListeningQueryRow): Promise<void> {
  await db.insertInto('listening_queries').values(row).execute();
}

/** Removes a query; its pending poll finds nothing and ends the schedule. */
export async function deleteQuery(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('listening_queries').where('id', '=', id).execute();
}

/** Takes the query's lease until `until` unless another poll holds it; returns whether this poll may run. */
export async function takeLease(db: Executor, id: string, now: number, until: number): Promise<boolean> {
  const result = await db.updateTable('listening_queries').set({ lease_until: until })
    .where('id', '=', id).where('active', '=', 1)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records where a poll stands (cursor, outcome, lease); only the columns given change. */
export async function updatePollState(db: Executor, id: string, changes: Updateable<ListeningQueriesTable>): Promise<void> {
  await db.updateTable('listening_queries').set(changes).where('id', '=', id).execute();
}
