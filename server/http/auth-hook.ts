import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { RapportApp } from './rapport-app.js';
import type { Role } from '../../common/enums.js';
import type { AppContext } from '../app-context.js';
import { requirePermission, type Actor } from '../features/auth/actor.js';
import { resolveSession } from '../features/auth/session.service.js';
import { resolveToken, tokenScopes, touchToken } from '../features/auth/token.service.js';
import { findWorkspace } from '../features/workspaces/workspace.service.js';
import { AppError, notFound } from './app-error.js';
import type { Principal } from './route-auth.js';

/** The name of the session cookie. */
export const sessionCookie = 'rapport_session';
/** The header a browser session must echo its CSRF token in on every state-changing request. */
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Where @fastify/swagger-ui serves the browsable API docs: static pages whose routes cannot declare auth. */
const docsPrefix = '/api/docs';

/** Authenticates every request by its route's declared requirement and sets `request.actor` inside a workspace. */
export function registerAuthHook(app: RapportApp, ctx: AppContext): void {
  // Before body validation, so a caller without access learns nothing, not even that its body is malformed.
  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (auth === undefined) {
      // Only Fastify's own 404 handler and the docs plugin's static pages get here; every Rapport route declares auth.
      const url = request.routeOptions.url;
      if (url === undefined || url === docsPrefix || url.startsWith(`${docsPrefix}/`)) return;
      throw new AppError('INTERNAL', 'Route declares no auth requirement');
    }
    if ('public' in auth) return;
    const principal = await authenticate(ctx, request);
    request.principal = principal;
    if ('signedIn' in auth) return;
    const actor = await actorInWorkspace(ctx, principal, workspaceParam(request));
    requirePermission(actor, auth.permission);
    request.actor = actor;
  });
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const now = ctx.clock.now();
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined) throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <token>"');
    const token = await resolveToken(ctx.db.kysely, match[1], now);
    if (token === undefined) throw new AppError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired');
    await touchToken(ctx.db.kysely, token, now);
    return { kind: 'token', tokenId: token.id, workspaceId: token.workspace_id, role: token.role as Role, scopes: tokenScopes(token), createdBy: token.created_by };
  }
  const cookieValue = request.cookies[sessionCookie];
  if (cookieValue === undefined) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
  const session = await resolveSession(ctx.db.kysely, cookieValue, now);
  if (session === undefined) throw new AppError('UNAUTHENTICATED', 'The session has expired; sign in again');
  if (!safeMethods.has(request.method) && request.headers[csrfHeader] !== session.csrfToken) {
    throw new AppError('CSRF_FAILED', `Send the session's CSRF token in the ${csrfHeader} header`);
  }
  return { kind: 'session', user: session.user, csrfToken: session.csrfToken, cookieValue };
}

function workspaceParam(request: FastifyRequest): string {
  const value = (request.params as Record<string, unknown> | undefined)?.workspace;
  if (typeof value !== 'string') throw new AppError('INTERNAL', 'A workspace route has no :workspace parameter');
  return value;
}

/** The actor a principal is inside a workspace; any workspace it does not belong to is a 404, never a 403. */
export async function actorInWorkspace(ctx: AppContext, principal: Principal, workspaceIdOrSlug: string): Promise<Actor> {
  const workspace = await findWorkspace(ctx.db.kysely, workspaceIdOrSlug);
  if (workspace === undefined) throw notFound('Workspace');
  if (principal.kind === 'token') {
    if (principal.workspaceId !== workspace.id) throw notFound('Workspace');
    return { type: 'token', id: principal.tokenId, userId: principal.createdBy, workspaceId: workspace.id, role: principal.role, scopes: principal.scopes };
  }
  const membership = await ctx.db.kysely.selectFrom('memberships').select('role')
    .where('workspace_id', '=', workspace.id).where('user_id', '=', principal.user.id).executeTakeFirst();
  if (membership === undefined) throw notFound('Workspace');
  return { type: 'user', id: principal.user.id, userId: principal.user.id, workspaceId: workspace.id, role: membership.role as Role };
}
