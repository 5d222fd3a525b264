import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { presentQueue } from './queue.presenter.js';
import { listQueues, loadQueueMembers } from './queue.repo.js';
import { createQueueBody, queueView, setQueueMembersBody } from './queue.schemas.js';
import { createQueue, getQueue, setQueueMembers } from './queue.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['queues'];

/** Queues (teams): anyone who reads conversations sees them (to route); queues:manage changes them. */
export function registerQueueRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/queues`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'List the workspace\'s queues with their members', params: listParams, response: { 200: z.object({ items: z.array(queueView) }) } },
  }, async (request) => {
    const { workspaceId } = actorOf(request);
    const rows = await listQueues(ctx.db.kysely, workspaceId);
    const members = await loadQueueMembers(ctx.db.kysely, workspaceId, rows.map((row) => row.id));
    return { items: rows.map((row) => presentQueue(row, members.get(row.id) ?? [])) };
  });

  app.post(`${workspacePath}/queues`, {
    config: { auth: { permission: 'queues:manage' } },
    schema: { tags, summary: 'Create a queue (a team), optionally with members', params: listParams, body: createQueueBody, response: { 201: queueView } },
  }, async (request, reply) => {
    const queue = await createQueue(ctx, actorOf(request), request.body);
    return reply.code(201).send(presentQueue(queue.row, queue.memberIds));
  });

  app.get(`${workspacePath}/queues/:id`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'Read one queue by id or slug', params, response: { 200: queueView } },
  }, async (request) => {
    const queue = await getQueue(ctx.db.kysely, actorOf(request).workspaceId, request.params.id);
    return presentQueue(queue.row, queue.memberIds);
  });

  app.put(`${workspacePath}/queues/:id/members`, {
    config: { auth: { permission: 'queues:manage' } },
    schema: { tags, summary: 'Replace the members of a queue', params, body: setQueueMembersBody, response: { 200: queueView } },
  }, async (request) => {
    const queue = await setQueueMembers(ctx, actorOf(request), request.params.id, request.body.userIds);
    return presentQueue(queue.row, queue.memberIds);
  });
}
