import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { QueueRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound, type FieldProblem } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentQueue } from './queue.presenter.js';
import { findQueue, insertQueue, loadQueueMembers, memberIdsAmong, replaceQueueMembers } from './queue.repo.js';
import type { CreateQueueBody } from './queue.schemas.js';

/** A queue with its member user ids. */
export interface QueueWithMembers {
  row: QueueRow;
  memberIds: string[];
}

/** Reads one queue of the actor's workspace by id or slug; another workspace's is a 404. */
export async function getQueue(db: Executor, workspaceId: string, idOrSlug: string): Promise<QueueWithMembers> {
  const row = await findQueue(db, workspaceId, idOrSlug);
  if (row === undefined) throw notFound('Queue');
  const members = await loadQueueMembers(db, workspaceId, [row.id]);
  return { row, memberIds: members.get(row.id) ?? [] };
}

/** Creates a queue (a team), optionally with its first members. */
export async function createQueue(ctx: AppContext, actor: Actor, input: CreateQueueBody): Promise<QueueWithMembers> {
  requirePermission(actor, 'queues:manage');
  const now = ctx.clock.now();
  const row: QueueRow = { id: newId(), workspace_id: actor.workspaceId, slug: input.slug, name: input.name, created_at: now };
  try {
    return await inTransaction(ctx, async (trx, emit) => {
      const memberIds = await checkMembers(trx, actor.workspaceId, input.memberIds ?? [], 'body.memberIds');
      await insertQueue(trx, row);
      await replaceQueueMembers(trx, actor.workspaceId, row.id, memberIds);
      const view = presentQueue(row, memberIds);
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'queue.created', objectType: 'queue', objectId: row.id, after: view, at: now });
      emit({ type: 'queue.created', workspaceId: actor.workspaceId, data: { queue: view }, at: now });
      return { row, memberIds };
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw new AppError('DUPLICATE', `A queue with slug "${input.slug}" already exists`, [{ path: 'body.slug', message: 'already taken' }]);
    throw error;
  }
}

/** Replaces a queue's members; every user must be a member of the workspace. */
export async function setQueueMembers(ctx: AppContext, actor: Actor, idOrSlug: string, userIds: readonly string[]): Promise<QueueWithMembers> {
  requirePermission(actor, 'queues:manage');
  return inTransaction(ctx, async (trx, emit) => {
    const before = await getQueue(trx, actor.workspaceId, idOrSlug);
    const memberIds = await checkMembers(trx, actor.workspaceId, userIds, 'body.userIds');
    if (memberIds.join(',') === before.memberIds.join(',')) return before;
    await replaceQueueMembers(trx, actor.workspaceId, before.row.id, memberIds);
    const now = ctx.clock.now();
    const view = presentQueue(before.row, memberIds);
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'queue.members_changed', objectType: 'queue', objectId: before.row.id, before: { memberIds: before.memberIds }, after: { memberIds }, at: now });
    emit({ type: 'queue.updated', workspaceId: actor.workspaceId, data: { queue: view }, at: now });
    return { row: before.row, memberIds };
  });
}

/** The distinct, sorted user ids; any that is not a member of the workspace is named in a 422. */
async function checkMembers(trx: Executor, workspaceId: string, userIds: readonly string[], path: string): Promise<string[]> {
  const members = await memberIdsAmong(trx, workspaceId, [...new Set(userIds)]);
  const problems: FieldProblem[] = [];
  userIds.forEach((userId, index) => {
    if (!members.has(userId)) problems.push({ path: `${path}.${index}`, message: 'not a member of this workspace' });
  });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} of the users are not members of this workspace`, problems);
  return [...members].sort();
}
