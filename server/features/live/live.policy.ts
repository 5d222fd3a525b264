import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../common/enums.js';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import { actorInWorkspace, sessionCookie } from '../../http/auth-hook.js';
import type { Principal } from '../../http/route-auth.js';
import { can } from '../auth/actor.js';
import { resolveSession } from '../auth/session.service.js';
import { resolveToken, tokenScopes } from '../auth/token.service.js';
import { bearerProtocolPrefix } from './live.schemas.js';

/**
 * The upgrade checks that run before the auth hook (a route-level onRequest hook):
 * - a `bearer.<token>` subprotocol becomes the `Authorization` header, so one code path authenticates
 *   every request, and is removed from the offered subprotocols so the token is never echoed back;
 * - an upgrade that will be authenticated by the session cookie must come from this site: browsers send
 *   cookies with cross-site websocket handshakes, so a foreign Origin is refused (cross-site websocket hijacking).
 */
export function checkLiveUpgrade(publicUrl: string | undefined) {
  const publicOrigin = publicUrl === undefined ? undefined : new URL(publicUrl).origin;
  return async (request: FastifyRequest): Promise<void> => {
    const token = takeBearerProtocol(request);
    if (token !== undefined) {
      if (request.headers.authorization !== undefined) throw new AppError('UNAUTHENTICATED', 'Send the API token once: in the Authorization header or as the bearer subprotocol');
      request.raw.headers.authorization = `Bearer ${token}`;
      return;
    }
    if (request.headers.authorization === undefined && request.cookies[sessionCookie] !== undefined) requireSameOrigin(request, publicOrigin);
  };
}

/** Removes `bearer.<token>` from the offered subprotocols and returns the token. */
function takeBearerProtocol(request: FastifyRequest): string | undefined {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return undefined;
  const offered = header.split(',').map((protocol) => protocol.trim()).filter(Boolean);
  const bearer = offered.filter((protocol) => protocol.startsWith(bearerProtocolPrefix));
  if (bearer.length === 0) return undefined;
  const rest = offered.filter((protocol) => !protocol.startsWith(bearerProtocolPrefix));
  // A browser fails the connection unless the server selects one of the protocols it offered.
  if (rest.length === 0) throw new AppError('VALIDATION_FAILED', 'Offer the "rapport.v1" subprotocol next to "bearer.<token>"', [{ path: 'headers.sec-websocket-protocol', message: 'offer rapport.v1 too' }]);
  request.raw.headers['sec-websocket-protocol'] = rest.join(', ');
  return bearer[0]?.slice(bearerProtocolPrefix.length);
}

function requireSameOrigin(request: FastifyRequest, publicOrigin: string | undefined): void {
  const origin = request.headers.origin;
  // Browsers always send Origin on a websocket handshake; a client without one is not a browser and cannot be forged into sending the cookie.
  if (origin === undefined) return;
  if (publicOrigin !== undefined && origin === publicOrigin) return;
  if (sameHost(origin, request)) return;
  throw new AppError('CSRF_FAILED', 'A session websocket must be opened from this site (the Origin does not match the Host)');
}

function sameHost(origin: string, request: FastifyRequest): boolean {
  try {
    const from = new URL(origin);
    const own = new URL(`${request.protocol}://${request.host}`);
    return from.protocol === own.protocol && from.host === own.host;
  } catch {
    // `Origin: null` (sandboxed frames, file://) and anything unparsable is foreign.
    return false;
  }
}

/**
 * How a socket re-checks its access while open: the token or session must still be valid and the actor
 * must still belong to the workspace with `conversations:read` (a revoked token or removed member stops streaming).
 */
export function liveAccessCheck(ctx: AppContext, request: FastifyRequest, workspaceId: string): () => Promise<boolean> {
  const principal = request.principal;
  const secret = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return async () => {
    if (principal === undefined) return false;
    const current = await currentPrincipal(ctx, principal, secret);
    if (current === undefined) return false;
    try {
      return can(await actorInWorkspace(ctx, current, workspaceId), 'conversations:read');
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  };
}

async function currentPrincipal(ctx: AppContext, principal: Principal, secret: string | undefined): Promise<Principal | undefined> {
  const now = ctx.clock.now();
  if (principal.kind === 'token') {
    const row = secret === undefined ? undefined : await resolveToken(ctx.db.kysely, secret, now);
    if (row === undefined || row.id !== principal.tokenId) return undefined;
    return { ...principal, role: row.role as Role, scopes: tokenScopes(row) };
  }
  const session = await resolveSession(ctx.db.kysely, principal.cookieValue, now);
  return session === undefined ? undefined : { ...principal, user: session.user };
}
