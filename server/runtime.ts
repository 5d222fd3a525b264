import path from 'node:path';
import type { AppContext } from './app-context.js';
import type { Config } from './config.js';
import type { ChannelRegistry } from './features/channels/channel.port.js';
import { connectChannels } from './features/channels/channel.wiring.js';
import { startEmailWorker, type EmailWorker } from './features/channels/email/email.wiring.js';
import { createOutboundRegistry } from './features/channels/outbound.port.js';
import { resumeListeningSchedules } from './features/listening/listening.wiring.js';
import { createIngestPipeline, decodeEventList, type IngestPipeline } from './features/ingest/ingest.service.js';
import { sweepPendingStatuses } from './features/ingest/pending-statuses.js';
import { sweepReceiptPayloads } from './features/ingest/receipt-retention.js';
import { defineSendReplyJob } from './features/replies/send-reply.job.js';
import { startTriage, type TriageRuntime } from './features/triage/triage.runtime.js';
import { defineTrainModelJob } from './features/triage/triage-training.service.js';
import { requeueStuckReplies } from './features/replies/reply.service.js';
import { systemClock, type Clock } from './infra/clock.js';
import { openDatabase, type Db } from './infra/db/database.js';
import { migrateToLatest } from './infra/db/migrate.js';
import { createLogger, type Logger } from './infra/logger.js';
import { createMetrics, recordQueueDepth } from './infra/metrics.js';
import { createEventBus } from './infra/pubsub/create-bus.js';
import { createJobQueue } from './infra/queue/create-queue.js';
import { createSecretBox, resolveSecretKey } from './infra/secret-box.js';

/** One process's wiring: the context every service gets, the ingest pipeline, and the background work of the worker role. */
export interface Runtime {
  ctx: AppContext;
  ingest: IngestPipeline;
  /** Triage models per workspace (the ingest enricher uses them); reload after training with `triage.models.refresh`. */
  triage: TriageRuntime;
  /** The platforms' webhook adapters (their outbound side is registered in ctx.outbound). */
  channels: ChannelRegistry;
  /** Starts the worker role: runs jobs, replays unprocessed receipts, sweeps stuck work. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

const sweepIntervalMs = 30_000;

/** Where the embedded database lives. */
export function sqliteFileOf(config: Config): string {
  return path.join(config.dataDir, 'rapport.db');
}

/** Opens the database named by the configuration: PostgreSQL when DATABASE_URL is set, else the SQLite file in the data directory. */
export function openConfiguredDatabase(config: Config): Db {
  return openDatabase(config.databaseUrl === undefined ? { sqliteFile: sqliteFileOf(config) } : { postgresUrl: config.databaseUrl });
}

/** Connects everything the configuration names and applies pending migrations. */
export async function createRuntime(config: Config, options: { logger?: Logger; clock?: Clock } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openConfiguredDatabase(config);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await db.close();
    throw error;
  }
  const secrets = createSecretBox(resolveSecretKey(config.secretKey, config.dataDir, config.databaseUrl !== undefined));
  const bus = await createEventBus({ redisUrl: config.redisUrl, logger, redisPrefix: config.redisPrefix });
  const queue = createJobQueue({ db, redisUrl: config.redisUrl, logger, redisPrefix: config.redisPrefix });
  const ctx: AppContext = { config, db, bus, queue, clock: options.clock ?? systemClock, logger, secrets, metrics: createMetrics(), outbound: createOutboundRegistry() };
  const ingest = createIngestPipeline(ctx);
  // The calls API stores its calls as inbound events, under a source that names who recorded them.
  ingest.addDecoder('calls', decodeEventList);
  const triage = await startTriage(ctx);
  ingest.enricher = triage.enricher;
  ingest.customerValues = triage.values;
  const channels = connectChannels(ctx, ingest);
  queue.define(defineSendReplyJob(ctx));
  queue.define(defineTrainModelJob(ctx, (workspaceId) => triage.models.refresh(workspaceId)));
  let sweeper: NodeJS.Timeout | undefined;
  let emailWorker: EmailWorker | undefined;

  return {
    ctx,
    ingest,
    triage,
    channels,
    async startWorker() {
      await queue.start();
      const replayed = await ingest.replayPending();
      if (replayed > 0) logger.info({ receipts: replayed }, 'replayed receipts left unprocessed');
      await requeueStuckReplies(ctx, 0);
      await resumeListeningSchedules(ctx);
      // Email runs with the worker role: the inbound SMTP listener (when RAPPORT_SMTP_PORT is set) and IMAP polling.
      emailWorker = await startEmailWorker(ctx, ingest);
      sweeper = setInterval(() => {
        void sweep(ctx, ingest).catch((error: unknown) => logger.error({ err: error }, 'background sweep failed'));
      }, sweepIntervalMs);
      sweeper.unref();
    },
    async close() {
      if (sweeper !== undefined) clearInterval(sweeper);
      // Stop taking mail before ingest drains, so nothing is accepted after the last write.
      await emailWorker?.close();
      await ingest.drain();
      await triage.stop();
      await queue.close();
      await bus.close();
      await db.close();
    },
  };
}

async function sweep(ctx: AppContext, ingest: IngestPipeline): Promise<void> {
  // Receipts still pending a minute after arrival belong to a node that stopped mid-way.
  await ingest.replayPending({ olderThanMs: 60_000 });
  await requeueStuckReplies(ctx);
  await sweepReceiptPayloads(ctx);
  // Delivery statuses that beat their message's platform id across nodes, and those no message ever claimed.
  await sweepPendingStatuses(ctx);
  const depth = await ctx.queue.depth();
  recordQueueDepth(ctx.metrics, depth);
}
