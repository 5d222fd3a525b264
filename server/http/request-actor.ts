import type { FastifyRequest } from 'fastify';
import type { Actor } from '../features/auth/actor.js';
import { AppError } from './app-error.js';

/** The actor the auth hook established for a workspace route. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === undefined) throw new AppError('INTERNAL', 'Workspace route reached without an actor');
  return request.actor;
}
