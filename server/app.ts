import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerAuthRoutes } from './features/auth/auth.routes.js';
import { registerConversationRoutes } from './features/conversations/conversation.routes.js';
import { registerInboundRoutes } from './features/ingest/inbound.routes.js';
import { AppError } from './http/app-error.js';
import { registerAuthHook } from './http/auth-hook.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { createErrorHandler, sendProblem } from './http/problem.js';
import type { RapportApp } from './http/rapport-app.js';
import { registerSystemRoutes } from './http/system.routes.js';
import { routeModules } from './http/route-modules.js';
import type { Runtime } from './runtime.js';

/** A built app that is not yet listening, and a flag the shutdown sequence sets. */
export interface BuiltApp {
  app: RapportApp;
  state: { shuttingDown: boolean };
}

/** Builds the HTTP and websocket app over a runtime; tests call this and inject requests without listening. */
export async function buildApp(runtime: Runtime): Promise<BuiltApp> {
  const { ctx } = runtime;
  const state = { shuttingDown: false };
  const app = Fastify({
    loggerInstance: ctx.logger,
    // Requests are counted in metrics; logging each one would drown the log under webhook load.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { strict: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(createErrorHandler(ctx.logger, ctx.metrics));
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`), request.url));
  registerBodyParsers(app);
  observeRequests(app, runtime);

  await app.register(cookie);
  await app.register(helmet, { contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } } });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // Tell live clients the server is going away (1001) so they reconnect elsewhere.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'Server shutting down');
      done();
    },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Rapport API', version: '1', description: 'Self-hosted social customer care hub. Authenticate with a session cookie (browser) or "Authorization: Bearer <API token>". Errors are RFC 9457 problem+json.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'rapport_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { auth: { public: true } }, schema: { hide: true } }, async () => app.swagger());

  registerAuthHook(app, ctx);
  registerSystemRoutes(app, runtime, state);
  registerAuthRoutes(app, runtime);
  registerConversationRoutes(app, runtime);
  registerInboundRoutes(app, runtime);
  for (const register of routeModules) register(app, runtime);
  return { app, state };
}

function observeRequests(app: RapportApp, runtime: Runtime): void {
  const { metrics } = runtime.ctx;
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
