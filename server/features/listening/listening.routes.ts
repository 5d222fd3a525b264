import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { listQueries } from './listening.repo.js';
import { createListeningQueryBody, listeningQueryView } from './listening.schemas.js';
import { createListeningQuery, deleteListeningQuery, presentListeningQuery, requestListeningPoll } from './listening.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['listening'];
const base = `${workspacePath}/listening/queries`;

/** Saved listening queries (X mentions timeline and recent search), polled on a schedule into public conversations. */
export function registerListeningRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(base, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'List the workspace\'s listening queries with where each poll stands', params: listParams, response: { 200: z.object({ items: z.array(listeningQueryView) }) } },
  }, async (request) => ({ items: (await listQueries(ctx.db.kysely, actorOf(request).workspaceId)).map(presentListeningQuery) }));

  app.post(base, {
    config: { auth: { permission: 'accounts:manage' } },
    schema: {
      tags, summary: 'Save a listening query on an X account (its mentions, or a recent search) and poll it from now on', params: listParams, body: createListeningQueryBody,
      description: 'The first poll runs at once and takes the newest page; later polls take every post newer than the last one taken in.',
      response: { 201: listeningQueryView },
    },
  }, async (request, reply) => reply.code(201).send(presentListeningQuery(await createListeningQuery(ctx, actorOf(request), request.body))));

  app.delete(`${base}/:id`, {
    config: { auth: { permission: 'accounts:manage' } },
    schema: { tags, summary: 'Delete a listening query; conversations it brought in stay', params, response: { 200: listeningQueryView } },
  }, async (request) => presentListeningQuery(await deleteListeningQuery(ctx, actorOf(request), request.params.id)));

  app.post(`${base}/:id/poll`, {
    config: { auth: { permission: 'accounts:manage' } },
    schema: { tags, summary: 'Poll a listening query now, besides its schedule', params, response: { 202: listeningQueryView } },
  }, async (request, reply) => reply.code(202).send(presentListeningQuery(await requestListeningPoll(ctx, actorOf(request), request.params.id))));
}
