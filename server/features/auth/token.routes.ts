import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { createTokenInput, tokenView } from './token.schemas.js';
import { createToken, listTokens, presentToken, revokeToken } from './token.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['tokens'];

/** API tokens of a workspace: list, create (the secret is shown once), revoke. */
export function registerTokenRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/tokens`, {
    config: { auth: { permission: 'tokens:manage' } },
    schema: { tags, summary: 'List the workspace\'s API tokens (never their secrets)', params: listParams, response: { 200: z.object({ items: z.array(tokenView) }) } },
  }, async (request) => {
    const rows = await listTokens(ctx.db.kysely, actorOf(request).workspaceId);
    return { items: rows.map(presentToken) };
  });

  app.post(`${workspacePath}/tokens`, {
    config: { auth: { permission: 'tokens:manage' } },
    schema: {
      tags, summary: 'Create an API token; the secret is in this response only',
      description: 'The role cannot be more powerful than the creator\'s, and a scoped creator can only grant scopes it has.',
      params: listParams, body: createTokenInput, response: { 201: tokenView.extend({ token: z.string() }) },
    },
  }, async (request, reply) => {
    const created = await createToken(ctx, actorOf(request), request.body);
    return reply.code(201).send({ ...presentToken(created.row), token: created.token });
  });

  app.delete(`${workspacePath}/tokens/:id`, {
    config: { auth: { permission: 'tokens:manage' } },
    schema: { tags, summary: 'Revoke an API token; revoking twice is a success', params, response: { 200: tokenView } },
  }, async (request) => presentToken(await revokeToken(ctx, actorOf(request), request.params.id)));
}
