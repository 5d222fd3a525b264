import { z } from 'zod';
import { roles } from '../../../common/enums.js';
import { AppError } from '../../http/app-error.js';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { createWorkspaceAsUser, listWorkspacesOfPrincipal } from './workspace-access.service.js';
import { getWorkspace, presentWorkspace } from './workspace.service.js';
import { createWorkspaceInput, workspaceView } from './workspace.schemas.js';

const tags = ['workspaces'];
const workspaceOfCaller = workspaceView.extend({ role: z.enum(roles) });

/** Workspaces (brands): the caller's, a new one, one by id or slug. */
export function registerWorkspaceRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get('/api/v1/workspaces', {
    config: { auth: { signedIn: true } },
    schema: { tags, summary: 'The workspaces the signed-in user (or the token) belongs to, with its role in each', response: { 200: z.object({ items: z.array(workspaceOfCaller) }) } },
  }, async (request) => {
    const rows = await listWorkspacesOfPrincipal(ctx, principalOf(request.principal));
    return { items: rows.map((row) => ({ ...presentWorkspace(row), role: row.role })) };
  });

  app.post('/api/v1/workspaces', {
    config: { auth: { signedIn: true } },
    schema: {
      tags, summary: 'Create a workspace; the creator becomes its admin',
      description: 'Allowed for a signed-in user who is admin of at least one workspace (the first one is made with `rapport workspace create`). API tokens cannot create workspaces.',
      body: createWorkspaceInput, response: { 201: workspaceOfCaller },
    },
  }, async (request, reply) => {
    const row = await createWorkspaceAsUser(ctx, principalOf(request.principal), request.body);
    return reply.code(201).send({ ...presentWorkspace(row), role: row.role });
  });

  app.get(workspacePath, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'Read a workspace by id or slug, with the caller\'s role in it', params: z.strictObject({ workspace: z.string().max(64) }), response: { 200: workspaceOfCaller } },
  }, async (request) => {
    const actor = actorOf(request);
    const row = await getWorkspace(ctx.db.kysely, actor.workspaceId);
    return { ...presentWorkspace(row), role: actor.role };
  });
}

function principalOf<T>(principal: T | undefined): T {
  if (principal === undefined) throw new AppError('INTERNAL', 'Signed-in route reached without a principal');
  return principal;
}
