import type { Permission } from '../features/auth/permissions.js';
import type { Actor } from '../features/auth/actor.js';
import type { UserRow } from '../infra/db/schema.js';

/**
 * What a route requires; every route must declare one (a test walks the route table):
 * - `public`: anyone, e.g. health checks and login;
 * - `signedIn`: any authenticated user or token, outside a workspace (e.g. /api/v1/me);
 * - a permission: an actor of the `:workspace` in the URL whose role (and token scopes) grant it.
 */
export type RouteAuth = { public: true } | { signedIn: true } | { permission: Permission };

/** Who is calling, before a workspace is chosen. */
export type Principal =
  | { kind: 'session'; user: UserRow; csrfToken: string; cookieValue: string }
  | { kind: 'token'; tokenId: string; workspaceId: string; role: Actor['role']; scopes: readonly Permission[] | undefined; createdBy: string | null };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal?: Principal;
    actor?: Actor;
  }
}
