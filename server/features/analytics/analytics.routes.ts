import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { analyticsQuery, analyticsView } from './analytics.schemas.js';
import { getAnalytics } from './analytics.service.js';

/** Dashboards: volume, response and resolution times, sentiment, intents and backlog of a workspace. */
export function registerAnalyticsRoutes(app: RapportApp, runtime: Runtime): void {
  app.get(`${workspacePath}/analytics`, {
    config: { auth: { permission: 'analytics:read' } },
    schema: {
      tags: ['analytics'],
      summary: 'Dashboard figures for a date range (at most 92 days) in a time zone',
      description: 'Volume by channel and local hour and day, first-response and resolution time distributions, sentiment per day, top intents, and the current open backlog per queue.',
      params: z.strictObject({ workspace: z.string().max(64) }), querystring: analyticsQuery, response: { 200: analyticsView },
    },
  }, async (request) => getAnalytics(runtime.ctx, actorOf(request), request.query));
}
