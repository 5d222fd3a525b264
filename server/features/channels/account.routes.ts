import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import { accountView, createAccountBody, updateAccountBody, type AccountView } from './account.schemas.js';
import { createChannelAccount, getChannelAccount, listChannelAccounts, presentAccounts, updateChannelAccount } from './account.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['accounts'];

/** Channel accounts (one handle on one platform); credentials go in and never come out. */
export function registerAccountRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;
  const presentOne = async (row: ChannelAccountRow) => (await presentAccounts(ctx.db.kysely, [row]))[0] as AccountView;

  app.get(`${workspacePath}/accounts`, {
    config: { auth: { permission: 'accounts:read' } },
    schema: { tags, summary: 'List the workspace\'s channel accounts', params: listParams, response: { 200: z.object({ items: z.array(accountView) }) } },
  }, async (request) => {
    const rows = await listChannelAccounts(ctx.db.kysely, actorOf(request).workspaceId);
    return { items: await presentAccounts(ctx.db.kysely, rows) };
  });

  app.post(`${workspacePath}/accounts`, {
    config: { auth: { permission: 'accounts:manage' } },
    schema: { tags, summary: 'Connect a channel account; credentials are encrypted at rest and never returned (web chat: also its allowedOrigins)', params: listParams, body: createAccountBody, response: { 201: accountView } },
  }, async (request, reply) => {
    const row = await createChannelAccount(ctx, actorOf(request), request.body);
    return reply.code(201).send(await presentOne(row));
  });

  app.get(`${workspacePath}/accounts/:id`, {
    config: { auth: { permission: 'accounts:read' } },
    schema: { tags, summary: 'Read one channel account', params, response: { 200: accountView } },
  }, async (request) => presentOne(await getChannelAccount(ctx.db.kysely, actorOf(request).workspaceId, request.params.id)));

  app.patch(`${workspacePath}/accounts/:id`, {
    config: { auth: { permission: 'accounts:manage' } },
    schema: { tags, summary: 'Rename an account or replace its credentials (e.g. a renewed access token); credentials are never returned', params, body: updateAccountBody, response: { 200: accountView } },
  }, async (request) => presentOne(await updateChannelAccount(ctx, actorOf(request), request.params.id, request.body)));
}
