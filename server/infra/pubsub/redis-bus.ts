import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { createLocalBus } from './local-bus.js';
import type { DomainEvent, EventBus } from './pubsub.port.js';

/** Options of the Redis pub/sub bus. */
export interface RedisBusOptions {
  redisUrl: string;
  /** The pub/sub channel every node shares (default `rapport:events`). */
  channel?: string;
  logger: Logger;
}

/** A domain event as it arrives from another node: trusted no more than any other input. */
const domainEventSchema = z.object({
  type: z.string().min(1),
  workspaceId: z.string().min(1),
  at: z.number(),
  data: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<DomainEvent>;

/** Creates the bus shared by every node through Redis pub/sub; resolves once this node is subscribed. */
export async function createRedisBus(options: RedisBusOptions): Promise<EventBus> {
  const { redisUrl, logger } = options;
  const channel = options.channel ?? 'rapport:events';
  // Events reach local subscribers only through Redis, so this node's own events arrive once, like everyone else's.
  const local = createLocalBus({ logger });
  const publisher = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  for (const connection of [publisher, subscriber]) {
    connection.on('error', (error) => logger.warn({ err: error, channel }, 'Redis event bus connection error'));
  }
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const event = parseEvent(message, logger, channel);
    if (event !== undefined) void local.publish([event]);
  });
  try {
    await subscriber.subscribe(channel);
  } catch (error) {
    await Promise.all([quit(subscriber), quit(publisher)]);
    throw error;
  }
  let closing: Promise<void> | undefined;

  return {
    driver: 'redis',
    async publish(events) {
      if (events.length === 0) return;
      const pipeline = publisher.pipeline();
      for (const event of events) pipeline.publish(channel, JSON.stringify(event));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    },
    subscribe: (handler, interest) => local.subscribe(handler, interest),
    hasAudience: () => true,
    close() {
      closing ??= (async () => {
        await local.close();
        await Promise.all([quit(subscriber), quit(publisher)]);
      })();
      return closing;
    },
  };
}

function parseEvent(message: string, logger: Logger, channel: string): DomainEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    logger.warn({ channel }, 'dropped an event that is not JSON');
    return undefined;
  }
  const result = domainEventSchema.safeParse(json);
  if (result.success) return result.data;
  logger.warn({ channel, issues: result.error.issues }, 'dropped an invalid event');
  return undefined;
}

async function quit(connection: Redis): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
