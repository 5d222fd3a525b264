import { z } from 'zod';
import { messageView } from '../conversations/conversation.schemas.js';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { hideMessage } from './moderation.service.js';
import { registerWebhookRoutes } from './webhook.routes.js';

/** The channels' HTTP surface: the platforms' webhook endpoints, and hiding a public comment on its platform. */
export function registerChannelRoutes(app: RapportApp, runtime: Runtime): void {
  registerWebhookRoutes(app, runtime);

  app.post(`${workspacePath}/messages/:id/hide`, {
    config: { auth: { permission: 'conversations:write' } },
    schema: {
      tags: ['channels'],
      summary: 'Hide (or show again) a customer\'s public comment on its platform; nothing is deleted and the reason is audited',
      params: z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) }),
      body: z.strictObject({ reason: z.string().trim().min(1).max(500), hidden: z.boolean().default(true) }),
      response: { 200: messageView },
    },
  }, async (request) => hideMessage(runtime.ctx, actorOf(request), request.params.id, request.body));
}
