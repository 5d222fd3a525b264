import { sql } from 'kysely';
import { z } from 'zod';
import { recordQueueDepth } from '../infra/metrics.js';
import type { Runtime } from '../runtime.js';
import { AppError } from './app-error.js';
import type { RapportApp } from './rapport-app.js';

/** Health, readiness and Prometheus metrics. */
export function registerSystemRoutes(app: RapportApp, runtime: Runtime, state: { shuttingDown: boolean }): void {
  const { ctx } = runtime;
  app.get('/healthz', { config: { auth: { public: true } }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { auth: { public: true } }, schema: { hide: true, response: { 200: z.object({ status: z.literal('ready'), database: z.string(), queue: z.string(), bus: z.string() }) } } }, async () => {
    if (state.shuttingDown) throw new AppError('UNAVAILABLE', 'This node is shutting down');
    await sql`select 1`.execute(ctx.db.kysely);
    return { status: 'ready' as const, database: ctx.db.dialect, queue: ctx.queue.driver, bus: ctx.bus.driver };
  });

  app.get('/metrics', { config: { auth: { public: true } }, schema: { hide: true } }, async (_request, reply) => {
    const depth = await ctx.queue.depth();
    recordQueueDepth(ctx.metrics, depth);
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
