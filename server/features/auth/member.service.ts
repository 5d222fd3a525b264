import type { Role } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { UserRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError } from '../../http/app-error.js';
import { recordAudit } from '../audit/audit.service.js';
import { addMember } from '../workspaces/workspace.service.js';
import { requirePermission, type Actor } from './actor.js';
import type { MemberView } from './member.schemas.js';
import { hashPassword } from './password.js';
import { createUserInput, type CreateUserInput } from './user.schemas.js';
import { getMember, presentUser } from './user.service.js';

/** A user with their role in one workspace. */
export type Member = UserRow & { role: string };

/**
 * Adds a member to the actor's workspace: a new user with the given password, or an existing user
 * (same email) who joins with the given role. An existing user's name and password are never
 * changed here, so an admin of one workspace cannot take over an account that also works elsewhere;
 * and only an admin who already shares a workspace with them may add them, so nothing about a user
 * of another workspace is disclosed to a stranger.
 */
export async function addWorkspaceMember(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<Member> {
  requirePermission(actor, 'users:manage');
  const valid = createUserInput.parse(input);
  const now = ctx.clock.now();
  const passwordHash = valid.password === undefined ? null : await hashPassword(valid.password);
  try {
    return await inTransaction(ctx, async (trx, emit) => {
      let user = await trx.selectFrom('users').selectAll().where('email', '=', valid.email).executeTakeFirst();
      if (user === undefined) {
        user = { id: newId(), email: valid.email, name: valid.name, password_hash: passwordHash, created_at: now, disabled_at: null };
        await trx.insertInto('users').values(user).execute();
      } else {
        const existing = await trx.selectFrom('memberships').select('role').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', user.id).executeTakeFirst();
        if (existing !== undefined) throw alreadyMember();
        if (actor.type !== 'system' && !(await administersAWorkspaceOf(trx, actor.userId, user.id))) {
          throw new AppError('CONFLICT', 'This email belongs to an account of another workspace; an admin of one of its workspaces, or an operator with the rapport command, can add it', [{ path: 'body.email', message: 'belongs to an account of another workspace' }]);
        }
      }
      await addMember(trx, actor.workspaceId, user.id, valid.role, now);
      const view = presentMember({ ...user, role: valid.role });
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'user.added', objectType: 'user', objectId: user.id, after: view, at: now });
      emit({ type: 'user.added', workspaceId: actor.workspaceId, data: { user: view } });
      return { ...user, role: valid.role };
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw alreadyMember();
    throw error;
  }
}

/** Changes a member's role; the workspace always keeps at least one admin. */
export async function changeMemberRole(ctx: AppContext, actor: Actor, userId: string, role: Role): Promise<Member> {
  requirePermission(actor, 'users:manage');
  return inTransaction(ctx, async (trx, emit) => {
    const before = await getMember(trx, actor.workspaceId, userId);
    if (before.role === role) return before;
    if (before.role === 'admin') {
      const admins = await trx.selectFrom('memberships').select('user_id').where('workspace_id', '=', actor.workspaceId).where('role', '=', 'admin').execute();
      if (admins.length <= 1) throw new AppError('CONFLICT', 'A workspace must keep at least one admin', [{ path: 'body.role', message: 'the last admin cannot be demoted' }]);
    }
    await trx.updateTable('memberships').set({ role }).where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).execute();
    const after = { ...before, role };
    const now = ctx.clock.now();
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'user.role_changed', objectType: 'user', objectId: userId, before: { role: before.role }, after: { role }, at: now });
    emit({ type: 'user.updated', workspaceId: actor.workspaceId, data: { user: presentMember(after) }, at: now });
    return after;
  });
}

/** The API view of a member. */
export function presentMember(row: Member): MemberView {
  return { ...presentUser(row), role: row.role as Role };
}

/** Whether the acting user is admin of some workspace the other user belongs to. */
async function administersAWorkspaceOf(trx: Executor, actingUserId: string | null, userId: string): Promise<boolean> {
  if (actingUserId === null) return false;
  const shared = await trx.selectFrom('memberships as mine').innerJoin('memberships as theirs', 'theirs.workspace_id', 'mine.workspace_id')
    .select('mine.workspace_id').where('mine.user_id', '=', actingUserId).where('mine.role', '=', 'admin').where('theirs.user_id', '=', userId)
    .limit(1).executeTakeFirst();
  return shared !== undefined;
}

function alreadyMember(): AppError {
  return new AppError('DUPLICATE', 'This user is already a member of the workspace', [{ path: 'body.email', message: 'already a member' }]);
}
