import type { Role } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { WorkspaceRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { createWorkspaceInput, type CreateWorkspaceInput, type WorkspaceView } from './workspace.schemas.js';

/** Creates a workspace; the creating user (if any) becomes its admin. */
export async function createWorkspace(ctx: AppContext, input: CreateWorkspaceInput, creator: { type: Actor['type']; id: string | null; userId: string | null }): Promise<WorkspaceRow> {
  const valid = createWorkspaceInput.parse(input);
  const now = ctx.clock.now();
  const row: WorkspaceRow = { id: newId(), slug: valid.slug, name: valid.name, time_zone: valid.timeZone, settings: '{}', created_at: now };
  try {
    await inTransaction(ctx, async (trx) => {
      await trx.insertInto('workspaces').values(row).execute();
      if (creator.userId !== null) await addMember(trx, row.id, creator.userId, 'admin', now);
      await recordAudit(trx, { actor: creator, workspaceId: row.id, action: 'workspace.created', objectType: 'workspace', objectId: row.id, after: presentWorkspace(row), at: now });
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw new AppError('DUPLICATE', `A workspace with slug "${valid.slug}" already exists`, [{ path: 'slug', message: 'already taken' }]);
    throw error;
  }
  return row;
}

/** Adds a user to a workspace with a role, or changes the role they have. */
export async function addMember(trx: Executor, workspaceId: string, userId: string, role: Role, now: number): Promise<void> {
  await trx.insertInto('memberships').values({ workspace_id: workspaceId, user_id: userId, role, created_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role })).execute();
}

/** Finds a workspace by id or slug. */
export async function findWorkspace(db: Executor, idOrSlug: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])).executeTakeFirst();
}

/** Finds a workspace by id or slug, or throws NOT_FOUND. */
export async function getWorkspace(db: Executor, idOrSlug: string): Promise<WorkspaceRow> {
  const row = await findWorkspace(db, idOrSlug);
  if (row === undefined) throw notFound('Workspace');
  return row;
}

/** Lists the workspaces a user belongs to, with their role in each. */
export async function listWorkspacesOfUser(db: Executor, userId: string): Promise<Array<WorkspaceRow & { role: string }>> {
  return db.selectFrom('memberships').innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .selectAll('workspaces').select('memberships.role').where('memberships.user_id', '=', userId).orderBy('workspaces.name').execute();
}

/** Lists every workspace (for the command line). */
export async function listWorkspaces(db: Executor): Promise<WorkspaceRow[]> {
  return db.selectFrom('workspaces').selectAll().orderBy('created_at').execute();
}

/** The API view of a workspace. */
export function presentWorkspace(row: WorkspaceRow): WorkspaceView {
  return { id: row.id, slug: row.slug, name: row.name, timeZone: row.time_zone, createdAt: new Date(Number(row.created_at)).toISOString() };
}
