import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { sessionCookie } from '../../http/auth-hook.js';
import { AppError } from '../../http/app-error.js';
import type { RapportApp } from '../../http/rapport-app.js';
import { presentWorkspace } from '../workspaces/workspace.service.js';
import { listWorkspacesOfUser } from '../workspaces/workspace.service.js';
import { workspaceView } from '../workspaces/workspace.schemas.js';
import { login, logout } from './session.service.js';
import { loginInput, userView } from './user.schemas.js';
import { presentUser } from './user.service.js';

const meView = z.object({
  user: userView.nullable(),
  token: z.object({ id: z.string(), workspaceId: z.string(), role: z.string() }).nullable(),
  csrfToken: z.string().nullable(),
  workspaces: z.array(workspaceView.extend({ role: z.string() })),
});

/** Login, logout and who-am-I. */
export function registerAuthRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;
  const secure = ctx.config.secureCookies === 'true' || (ctx.config.secureCookies === 'auto' && (ctx.config.publicUrl?.startsWith('https:') ?? false));

  app.post('/api/v1/auth/login', {
    config: { auth: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: loginInput, response: { 200: meView } },
  }, async (request, reply) => {
    const session = await login(ctx, request.body.email, request.body.password);
    reply.setCookie(sessionCookie, session.cookieValue, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(session.expiresAt) });
    const workspaces = await listWorkspacesOfUser(ctx.db.kysely, session.user.id);
    return { user: presentUser(session.user), token: null, csrfToken: session.csrfToken, workspaces: workspaces.map((w) => ({ ...presentWorkspace(w), role: w.role })) };
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'End the session' },
  }, async (request, reply) => {
    if (request.principal?.kind !== 'session') throw new AppError('VALIDATION_FAILED', 'Only a browser session can log out; revoke tokens instead');
    await logout(ctx.db.kysely, request.principal.cookieValue);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/me', {
    config: { auth: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'The signed-in user or token, the CSRF token, and the workspaces it can use', response: { 200: meView } },
  }, async (request) => {
    const principal = request.principal;
    if (principal?.kind === 'session') {
      const workspaces = await listWorkspacesOfUser(ctx.db.kysely, principal.user.id);
      return { user: presentUser(principal.user), token: null, csrfToken: principal.csrfToken, workspaces: workspaces.map((w) => ({ ...presentWorkspace(w), role: w.role })) };
    }
    if (principal?.kind !== 'token') throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
    const workspace = await ctx.db.kysely.selectFrom('workspaces').selectAll().where('id', '=', principal.workspaceId).executeTakeFirstOrThrow();
    return { user: null, token: { id: principal.tokenId, workspaceId: principal.workspaceId, role: principal.role }, csrfToken: null, workspaces: [{ ...presentWorkspace(workspace), role: principal.role }] };
  });
}
