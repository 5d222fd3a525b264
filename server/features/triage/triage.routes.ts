import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { readOriginalMessage } from './message-original.service.js';
import { listWorkspaceModels, trainFromRequest } from './triage-model.service.js';
import { modelView, originalMessageView, trainModelBody } from './triage.schemas.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['triage'];

/** Triage: the original of a masked message (audited), and the workspace's trained models. */
export function registerTriageRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/messages/:id/original`, {
    config: { auth: { permission: 'personal_data:read' } },
    schema: {
      tags, summary: 'Read what the customer actually posted, personal data included; every read is audited',
      params, response: { 200: originalMessageView },
    },
  }, async (request) => readOriginalMessage(ctx, actorOf(request), request.params.id));

  app.get(`${workspacePath}/models`, {
    config: { auth: { permission: 'analytics:read' } },
    schema: { tags, summary: 'List the workspace\'s trained triage models, every version, with what they were trained on', params: listParams, response: { 200: z.object({ items: z.array(modelView) }) } },
  }, async (request) => ({ items: await listWorkspaceModels(ctx.db.kysely, actorOf(request)) }));

  app.post(`${workspacePath}/models/train`, {
    config: { auth: { permission: 'workspace:manage' } },
    schema: {
      tags, summary: 'Train a new intent or sentiment model version and make it active',
      description: 'From the workspace\'s history (`source: history`: the queue each conversation was moved to labels its first message) or from an uploaded CSV with a header row. Reports cross-validated accuracy and macro-F1.',
      params: listParams, body: trainModelBody, response: { 201: modelView },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const model = await trainFromRequest(ctx, actor, request.body);
    await runtime.triage.models.refresh(actor.workspaceId);
    return reply.code(201).send(model);
  });
}
