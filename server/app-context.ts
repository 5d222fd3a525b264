import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { OutboundRegistry } from './features/channels/outbound.port.js';
import type { Clock } from './infra/clock.js';
import type { Db } from './infra/db/database.js';
import type { Database } from './infra/db/schema.js';
import type { Logger } from './infra/logger.js';
import type { Metrics } from './infra/metrics.js';
import type { DomainEvent, EventBus } from './infra/pubsub/pubsub.port.js';
import type { JobQueue } from './infra/queue/queue.port.js';
import type { SecretBox } from './infra/secret-box.js';

/** Everything a service needs from the process: passed explicitly, never imported as a singleton. */
export interface AppContext {
  config: Config;
  db: Db;
  bus: EventBus;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  metrics: Metrics;
  outbound: OutboundRegistry;
}

/** A query runner: the database itself or an open transaction. */
export type Executor = Kysely<Database>;

/** Collects domain events inside a transaction; they are published only after it commits. */
export type Emit = (event: Omit<DomainEvent, 'at'> & { at?: number }) => void;

/** Runs work in one transaction and publishes the events it emitted once the commit succeeded. */
export async function inTransaction<T>(ctx: AppContext, work: (trx: Executor, emit: Emit) => Promise<T>): Promise<T> {
  const events: DomainEvent[] = [];
  const emit: Emit = (event) => events.push({ ...event, at: event.at ?? ctx.clock.now() });
  const result = await ctx.db.kysely.transaction().execute((trx) => work(trx, emit));
  if (events.length > 0) await publishQuietly(ctx, events);
  return result;
}

/** Publishing is best effort after commit: the data is safe, only a live update may be late. */
export async function publishQuietly(ctx: AppContext, events: readonly DomainEvent[]): Promise<void> {
  try {
    await ctx.bus.publish(events);
  } catch (error) {
    ctx.logger.error({ err: error, count: events.length }, 'publishing domain events failed');
  }
}
