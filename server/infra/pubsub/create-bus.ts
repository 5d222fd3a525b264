import type { Logger } from '../logger.js';
import { createLocalBus } from './local-bus.js';
import type { EventBus } from './pubsub.port.js';
import { createRedisBus } from './redis-bus.js';

/** What the process needs to build its event bus. */
export interface EventBusOptions {
  /** When set, events travel between nodes over Redis pub/sub; otherwise they stay in this process. */
  redisUrl?: string | undefined;
  logger: Logger;
  /** Prefix of the pub/sub channel, so several deployments can share one Redis. */
  redisPrefix?: string;
}

/** Builds the event bus: Redis pub/sub when Redis is configured, in-process otherwise. */
export async function createEventBus({ redisUrl, logger, redisPrefix = 'rapport' }: EventBusOptions): Promise<EventBus> {
  if (redisUrl !== undefined && redisUrl !== '') return createRedisBus({ redisUrl, logger, channel: `${redisPrefix}:events` });
  return createLocalBus({ logger });
}
