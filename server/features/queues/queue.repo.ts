import type { Executor } from '../../app-context.js';
import type { QueueRow } from '../../infra/db/schema.js';

/** A workspace's queues by name. */
export async function listQueues(db: Executor, workspaceId: string): Promise<QueueRow[]> {
  return db.selectFrom('queues').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();
}

/** One queue of the workspace, by id or slug. */
export async function findQueue(db: Executor, workspaceId: string, idOrSlug: string): Promise<QueueRow | undefined> {
  return db.selectFrom('queues').selectAll().where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])).executeTakeFirst();
}

/** The member user ids of each queue, sorted. */
export async function loadQueueMembers(db: Executor, workspaceId: string, queueIds: readonly string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(queueIds.map((id) => [id, []]));
  if (queueIds.length === 0) return members;
  const rows = await db.selectFrom('queue_members').select(['queue_id', 'user_id'])
    .where('workspace_id', '=', workspaceId).where('queue_id', 'in', [...queueIds]).orderBy('user_id').execute();
  for (const row of rows) members.get(row.queue_id)?.push(row.user_id);
  return members;
}

/** Which of these user ids are members of the workspace. */
export async function memberIdsAmong(db: Executor, workspaceId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', [...userIds]).execute();
  return new Set(rows.map((row) => row.user_id));
}

/** Inserts a queue. */
export async function insertQueue(db: Executor, row: QueueRow): Promise<void> {
  await db.insertInto('queues').values(row).execute();
}

/** Replaces a queue's members with exactly these users. */
export async function replaceQueueMembers(db: Executor, workspaceId: string, queueId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom('queue_members').where('workspace_id', '=', workspaceId).where('queue_id', '=', queueId).execute();
  if (userIds.length === 0) return;
  await db.insertInto('queue_members').values(userIds.map((userId) => ({ workspace_id: workspaceId, queue_id: queueId, user_id: userId }))).execute();
}
