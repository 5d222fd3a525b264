import type { FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../infra/logger.js';

/** The Fastify instance every route module registers on: zod schemas give typed params, query and body. */
export type RapportApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger, ZodTypeProvider>;

/** The `:workspace` path parameter (a workspace id or slug) of every workspace route. */
export const workspacePath = '/api/v1/workspaces/:workspace';
