import type { Role } from '../../../common/enums.js';
import { AppError } from '../../http/app-error.js';
import { grants, type Permission } from './permissions.js';

/** Who is acting inside one workspace: a signed-in user, an API token, or Rapport itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  /** The user's or token's id; null for the system. */
  id: string | null;
  /** The user behind the action (a token's creator is not the actor). */
  userId: string | null;
  workspaceId: string;
  role: Role;
  /** A token's scopes; undefined means everything the role allows. */
  scopes?: readonly Permission[];
}

/** The actor for work Rapport does on its own (ingest, jobs, the command line). */
export function systemActor(workspaceId: string): Actor {
  return { type: 'system', id: null, userId: null, workspaceId, role: 'admin' };
}

/** Whether the actor may do this. */
export function can(actor: Actor, permission: Permission): boolean {
  return grants(actor.role, permission, actor.scopes);
}

/** Throws FORBIDDEN unless the actor may do this. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', `Your role does not allow ${permission}`);
}
