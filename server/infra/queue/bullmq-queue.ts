import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { backoffDelayMs, JobError, type JobContext, type JobDefinition, type JobQueue, type QueueDepth } from './queue.port.js';

/** Options of the Redis-backed queue. */
export interface BullmqQueueOptions {
  redisUrl: string;
  logger: Logger;
  /** The BullMQ queue name (default 'rapport'). */
  queueName?: string;
  /** Prefix of every Redis key, so deployments (and tests) sharing a Redis stay apart (default 'rapport'). */
  prefix?: string;
  /** Jobs run at once in this process (default 4). */
  concurrency?: number;
  /** The first retry waits up to this long, doubling on each try (default 1 s). */
  backoffBaseMs?: number;
}

const defaultMaxAttempts = 8;
const backoffType = 'rapport';
const day = 24 * 60 * 60;
/** Completed jobs are kept a week, so a dedupe key is honoured at least that long. */
const keepCompleted = { age: 7 * day };
const keepFailed = { age: 30 * day };

/** Creates the job queue on BullMQ, for deployments that scale out with Redis. */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { redisUrl, logger } = options;
  const queueName = options.queueName ?? 'rapport';
  const prefix = options.prefix ?? 'rapport';
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const definitions = new Map<string, JobDefinition>();
  const producerConnection = watch(new Redis(redisUrl), 'queue connection');
  const queue = new Queue(queueName, { connection: producerConnection, prefix });
  queue.on('error', (error) => logger.error({ err: error, queue: queueName }, 'BullMQ queue error'));
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;
  let closing: Promise<void> | undefined;

  function watch(connection: Redis, role: string): Redis {
    connection.on('error', (error) => logger.warn({ err: error, queue: queueName }, `Redis ${role} error`));
    return connection;
  }

  async function processJob(job: Job): Promise<void> {
    const definition = definitions.get(job.name);
    if (definition === undefined) throw unrunnable(job, `No handler is defined for job ${job.name}`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      throw unrunnable(job, `Invalid payload for job ${job.name}: ${issues}`);
    }
    const maxAttempts = job.opts.attempts ?? 1;
    const context: JobContext = { jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts };
    try {
      await definition.run(parsed.data, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failure = error instanceof JobError ? error.failure : {};
      if (failure.permanent !== true && context.attempt < maxAttempts) {
        logger.warn({ jobId: job.id, job: job.name, attempt: context.attempt, error: message }, 'job failed; will retry');
        // The backoff strategy reads retryAfterMs off this very error.
        throw error instanceof Error ? error : new Error(message);
      }
      logger.error({ jobId: job.id, job: job.name, attempt: context.attempt, error: message }, 'job failed for good');
      await callOnFailed(definition, parsed.data, message, context);
      throw new UnrecoverableError(message);
    }
  }

  function unrunnable(job: Job, reason: string): UnrecoverableError {
    logger.error({ jobId: job.id, job: job.name, queue: queueName }, reason);
    return new UnrecoverableError(reason);
  }

  async function callOnFailed(definition: JobDefinition, payload: unknown, message: string, context: JobContext): Promise<void> {
    try {
      await definition.onFailed?.(payload, message, context);
    } catch (error) {
      logger.error({ err: error, jobId: context.jobId, job: definition.name }, 'onFailed handler threw');
    }
  }

  function retryDelayMs(attemptsMade: number, _type?: string, error?: Error): number {
    const retryAfterMs = error instanceof JobError ? error.failure.retryAfterMs : undefined;
    return Math.max(0, retryAfterMs ?? backoffDelayMs(attemptsMade, backoffBaseMs));
  }

  return {
    driver: 'bullmq',
    define(definition) {
      if (definitions.has(definition.name)) throw new Error(`Job ${definition.name} is already defined`);
      definitions.set(definition.name, definition);
    },
    async enqueue(name, payload, enqueueOptions = {}) {
      const jobId = enqueueOptions.dedupeKey === undefined ? newId() : dedupeJobId(enqueueOptions.dedupeKey);
      const job = await queue.add(name, payload ?? null, {
        jobId,
        delay: Math.max(0, enqueueOptions.delayMs ?? 0),
        attempts: Math.max(1, Math.floor(enqueueOptions.maxAttempts ?? defaultMaxAttempts)),
        backoff: { type: backoffType },
        removeOnComplete: keepCompleted,
        removeOnFail: keepFailed,
      });
      return job.id ?? jobId;
    },
    async start() {
      if (worker !== undefined || closing !== undefined) return;
      workerConnection = watch(new Redis(redisUrl, { maxRetriesPerRequest: null }), 'worker connection');
      worker = new Worker(queueName, processJob, {
        connection: workerConnection,
        prefix,
        concurrency: Math.max(1, options.concurrency ?? 4),
        settings: { backoffStrategy: retryDelayMs },
      });
      worker.on('error', (error) => logger.error({ err: error, queue: queueName }, 'BullMQ worker error'));
    },
    async depth(): Promise<QueueDepth> {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    },
    close() {
      closing ??= (async () => {
        await worker?.close();
        await queue.close();
        await Promise.all([quit(producerConnection), workerConnection === undefined ? undefined : quit(workerConnection)]);
      })();
      return closing;
    },
  };
}

/** BullMQ job ids may not contain ':' nor be all digits; a hash of the key is neither, and stays the same for the same key. */
function dedupeJobId(dedupeKey: string): string {
  return `dedupe-${createHash('sha256').update(dedupeKey).digest('base64url')}`;
}

async function quit(connection: Redis): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
