import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { customerValueRuleBody, customerValueRuleView } from './customer-value.schemas.js';
import { getCustomerValueRule, setCustomerValueRule } from './customer-value.service.js';
import { readOriginalMessage } from './message-original.service.js';
import { listWorkspaceModels } from './triage-model.service.js';
import { getTraining, requestTraining } from './triage-training.service.js';
import { modelView, originalMessageView, trainingView, trainModelBody } from './triage.schemas.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['triage'];

/** Triage: the original of a masked message (audited), the workspace's trained models and their trainings, and its customer-value rule. */
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
      tags, summary: 'Ask for a new intent or sentiment model version: trained in the background, made active when it succeeds',
      description: 'From the workspace\'s history (`source: history`: the queue each conversation was moved to labels its first message) or from an uploaded CSV with a header row (read and checked at once: a bad file is a 422). '
        + 'Answers 202 with the training, `queued`, and its address in `Location`: `GET …/models/training/{id}` reports `running`, then `succeeded` with the new model version and its cross-validated accuracy and macro-F1, or `failed` with the reason. '
        + 'The training is a durable job: it survives a restart, and a worker that stops mid-way is retried.',
      params: listParams, body: trainModelBody, response: { 202: trainingView },
    },
  }, async (request, reply) => {
    const training = await requestTraining(ctx, actorOf(request), request.body);
    return reply.code(202).header('location', `/api/v1/workspaces/${request.params.workspace}/models/training/${training.id}`).send(training);
  });

  app.get(`${workspacePath}/models/training/:id`, {
    config: { auth: { permission: 'analytics:read' } },
    schema: { tags, summary: 'Where a model training stands: queued, running, succeeded (model version, cross-validated accuracy) or failed (reason)', params, response: { 200: trainingView } },
  }, async (request) => getTraining(ctx.db.kysely, actorOf(request), request.params.id));

  app.get(`${workspacePath}/triage/customer-value`, {
    config: { auth: { permission: 'triage:manage' } },
    schema: { tags, summary: 'The workspace\'s customer-value rule: which contact custom fields make a customer valuable, raising their messages\' priority', params: listParams, response: { 200: customerValueRuleView } },
  }, async (request) => getCustomerValueRule(ctx.db.kysely, actorOf(request)));

  app.put(`${workspacePath}/triage/customer-value`, {
    config: { auth: { permission: 'triage:manage' } },
    schema: {
      tags, summary: 'Set the workspace\'s customer-value rule (audited); an empty `fields` list turns it off',
      description: 'Each entry names a contact custom field and how to read it: `{ "kind": "values", "field": "tier", "values": { "gold": "high", "platinum": "top" } }` '
        + '(compared trimmed, case-insensitively) or `{ "kind": "thresholds", "field": "lifetime_value", "thresholds": [{ "atLeast": 1000, "level": "high" }, { "atLeast": 10000, "level": "top" }] }` (a number, or text holding one). '
        + 'A message from a `high` customer is at least high priority; from a `top` customer at least high and one step above what its text alone gives; spam is never raised. '
        + 'The message\'s triage shows the field and value that matched (`triage.customerValue`). Every node applies a new rule within moments.',
      params: listParams, body: customerValueRuleBody, response: { 200: customerValueRuleView },
    },
  }, async (request) => setCustomerValueRule(ctx, actorOf(request), request.body));
}
