import type { Role } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { UserRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { recordAudit } from '../audit/audit.service.js';
import { addMember } from '../workspaces/workspace.service.js';
import type { Actor } from './actor.js';
import { hashPassword } from './password.js';
import { createUserInput, type CreateUserInput, type UserView } from './user.schemas.js';

/** Creates a user, or adds an existing one (same email) to the workspace with the given role. */
export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<UserRow & { role: Role }> {
  const valid = createUserInput.parse(input);
  const now = ctx.clock.now();
  const passwordHash = valid.password === undefined ? null : await hashPassword(valid.password);
  try {
    return await inTransaction(ctx, async (trx, emit) => {
      let user = await trx.selectFrom('users').selectAll().where('email', '=', valid.email).executeTakeFirst();
      if (user === undefined) {
        user = { id: newId(), email: valid.email, name: valid.name, password_hash: passwordHash, created_at: now, disabled_at: null };
        await trx.insertInto('users').values(user).execute();
      }
      // An existing user keeps their own password: adding them to another workspace must not let its admin reset it.
      await addMember(trx, actor.workspaceId, user.id, valid.role, now);
      const view = presentUser(user, valid.role);
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'user.added', objectType: 'user', objectId: user.id, after: view, at: now });
      emit({ type: 'user.added', workspaceId: actor.workspaceId, data: { user: view } });
      return { ...user, role: valid.role };
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw new AppError('DUPLICATE', 'A user with this email already exists', [{ path: 'email', message: 'already taken' }]);
    throw error;
  }
}

/** Finds an active user by email. */
export async function findUserByEmail(db: Executor, emailAddress: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', emailAddress.trim().toLowerCase()).where('disabled_at', 'is', null).executeTakeFirst();
}

/** Lists the members of a workspace with their roles. */
export async function listMembers(db: Executor, workspaceId: string): Promise<Array<UserRow & { role: string }>> {
  return db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('users').select('memberships.role').where('memberships.workspace_id', '=', workspaceId).orderBy('users.name').execute();
}

/** Reads one member of a workspace, or throws NOT_FOUND (also for users of other workspaces). */
export async function getMember(db: Executor, workspaceId: string, userId: string): Promise<UserRow & { role: string }> {
  const row = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('users').select('memberships.role').where('memberships.workspace_id', '=', workspaceId).where('users.id', '=', userId).executeTakeFirst();
  if (row === undefined) throw notFound('User');
  return row;
}

/** The API view of a user. */
export function presentUser(row: UserRow, role?: string): UserView {
  return { id: row.id, email: row.email, name: row.name, ...(role === undefined ? {} : { role: role as Role }), createdAt: new Date(Number(row.created_at)).toISOString() };
}
