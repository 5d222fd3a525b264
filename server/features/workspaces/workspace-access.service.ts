import { roles, type Role } from '../../../common/enums.js';
import { publishQuietly, type AppContext } from '../../app-context.js';
import type { WorkspaceRow } from '../../infra/db/schema.js';
import { AppError } from '../../http/app-error.js';
import type { Principal } from '../../http/route-auth.js';
import { createWorkspace, listWorkspacesOfUser, presentWorkspace } from './workspace.service.js';
import type { CreateWorkspaceInput } from './workspace.schemas.js';

/** The shape of a ULID as newId() writes it. */
const idShaped = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** A workspace with the role the caller has in it. */
export type WorkspaceOfCaller = WorkspaceRow & { role: Role };

/** The workspaces a signed-in user or token may use: a user's memberships, or a token's one workspace. */
export async function listWorkspacesOfPrincipal(ctx: AppContext, principal: Principal): Promise<WorkspaceOfCaller[]> {
  if (principal.kind === 'token') {
    const row = await ctx.db.kysely.selectFrom('workspaces').selectAll().where('id', '=', principal.workspaceId).executeTakeFirst();
    return row === undefined ? [] : [{ ...row, role: principal.role }];
  }
  const rows = await listWorkspacesOfUser(ctx.db.kysely, principal.user.id);
  return rows.map((row) => ({ ...row, role: asRole(row.role) }));
}

/**
 * Creates a workspace on behalf of a signed-in user, who becomes its admin.
 * Only a user who is already admin of at least one workspace may: the first workspace comes from
 * `rapport workspace create`, and API tokens, which belong to one workspace, never create others.
 */
export async function createWorkspaceAsUser(ctx: AppContext, principal: Principal, input: CreateWorkspaceInput): Promise<WorkspaceOfCaller> {
  if (principal.kind !== 'session') throw new AppError('FORBIDDEN', 'API tokens belong to one workspace and cannot create workspaces; sign in as an admin');
  const memberships = await listWorkspacesOfUser(ctx.db.kysely, principal.user.id);
  if (!memberships.some((membership) => membership.role === 'admin')) {
    throw new AppError('FORBIDDEN', 'Only an admin of an existing workspace can create a workspace');
  }
  // URLs name a workspace by id or slug, so a slug shaped like an id could shadow another workspace.
  if (idShaped.test(input.slug)) throw new AppError('VALIDATION_FAILED', 'The slug must not look like a workspace id', [{ path: 'body.slug', message: 'looks like an id' }]);
  const row = await createWorkspace(ctx, input, { type: 'user', id: principal.user.id, userId: principal.user.id });
  await publishQuietly(ctx, [{ type: 'workspace.created', workspaceId: row.id, at: row.created_at, data: { workspace: presentWorkspace(row) } }]);
  return { ...row, role: 'admin' };
}

function asRole(value: string): Role {
  return (roles as readonly string[]).includes(value) ? (value as Role) : 'analyst';
}
