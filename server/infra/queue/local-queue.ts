import type { ExpressionBuilder, Updateable } from 'kysely';
import { systemClock, type Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Database, JobRow, JobsTable } from '../db/schema.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { backoffDelayMs, JobError, type EnqueueOptions, type JobContext, type JobDefinition, type JobQueue, type QueueDepth } from './queue.port.js';

/** Options of the database-backed queue. */
export interface LocalQueueOptions {
  db: Db;
  logger: Logger;
  /** Only rows of this queue are taken (default 'default'). */
  queueName?: string;
  /** How often to look for due jobs when nothing woke the loop (default 1 s). */
  pollIntervalMs?: number;
  /** Jobs run at once in this process (default 4). */
  concurrency?: number;
  clock?: Clock;
  /** How long a claim holds before another worker may take the job again; renewed while the job runs (default 60 s). */
  lockMs?: number;
  /** The first retry waits up to this long, doubling on each try (default 1 s). */
  backoffBaseMs?: number;
}

const defaultMaxAttempts = 8;
const pendingStatuses = ['waiting', 'delayed'];
const countedStatuses = ['waiting', 'delayed', 'active', 'failed'];

/** Creates the job queue kept in the `jobs` table of Rapport's own database (SQLite or PostgreSQL). */
const pruneIntervalMs = 3_600_000;
const completedRetentionMs = 7 * 86_400_000;

export function createLocalQueue(options: LocalQueueOptions): JobQueue {
  const { db, logger } = options;
  const queueName = options.queueName ?? 'default';
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const clock = options.clock ?? systemClock;
  const lockMs = options.lockMs ?? 60_000;
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const workerId = newId();
  const definitions = new Map<string, JobDefinition>();
  const running = new Set<Promise<void>>();
  let started = false;
  let closing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<boolean> | undefined;
  let repoll = false;

  function schedule(delayMs: number): void {
    if (!started || closing !== undefined) return;
    clearTimeout(timer);
    timer = setTimeout(() => void poll(), delayMs);
  }

  async function poll(): Promise<void> {
    if (polling !== undefined) {
      repoll = true;
      return;
    }
    repoll = false;
    await pruneCompleted();
    polling = claimAndRun();
    const mayHaveMore = await polling;
    polling = undefined;
    schedule(mayHaveMore || repoll ? 0 : pollIntervalMs);
  }

  let lastPruneAt = 0;
  /** Completed jobs are kept a week (as on BullMQ), long enough for their dedupe keys, then deleted so the table stays small. */
  async function pruneCompleted(): Promise<void> {
    const now = clock.now();
    if (now - lastPruneAt < pruneIntervalMs) return;
    lastPruneAt = now;
    try {
      await db.kysely.deleteFrom('jobs').where('queue', '=', queueName).where('status', '=', 'completed').where('updated_at', '<', now - completedRetentionMs).execute();
    } catch (error) {
      logger.warn({ err: error, queue: queueName }, 'pruning completed jobs failed');
    }
  }

  /** Returns whether every free slot was filled, so more due jobs may be waiting. */
  async function claimAndRun(): Promise<boolean> {
    const free = concurrency - running.size;
    const names = [...definitions.keys()];
    if (free <= 0 || names.length === 0) return false;
    try {
      const rows = await claimJobs(free, names);
      for (const row of rows) track(runJob(row));
      return rows.length === free;
    } catch (error) {
      logger.error({ err: error, queue: queueName }, 'could not claim jobs');
      return false;
    }
  }

  function track(job: Promise<void>): void {
    const tracked: Promise<void> = job
      .catch((error: unknown) => logger.error({ err: error, queue: queueName }, 'job bookkeeping failed'))
      .finally(() => {
        running.delete(tracked);
        schedule(0);
      });
    running.add(tracked);
  }

  async function claimJobs(limit: number, names: string[]): Promise<JobRow[]> {
    const now = clock.now();
    const due = (eb: ExpressionBuilder<Database, 'jobs'>) => eb.and([
      eb('queue', '=', queueName),
      eb('name', 'in', names),
      eb.or([
        eb.and([eb('status', 'in', pendingStatuses), eb('run_at', '<=', now)]),
        // A worker that died mid-job left it active; its lock has run out, so the job is due again.
        eb.and([eb('status', '=', 'active'), eb('locked_until', '<', now)]),
      ]),
    ]);
    const claim = (eb: ExpressionBuilder<Database, 'jobs'>) => ({
      status: 'active',
      attempts: eb('attempts', '+', 1),
      locked_by: workerId,
      locked_until: now + lockMs,
      updated_at: now,
    });
    if (db.dialect === 'postgres') {
      return db.kysely.transaction().execute(async (trx) => {
        const picked = await trx.selectFrom('jobs').select('id').where(due)
          .orderBy('run_at').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
        if (picked.length === 0) return [];
        return trx.updateTable('jobs').set(claim).where('id', 'in', picked.map((p) => p.id)).returningAll().execute();
      });
    }
    // SQLite runs one writer at a time, so a single UPDATE … RETURNING claims atomically.
    return db.kysely.updateTable('jobs').set(claim)
      .where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').where(due).orderBy('run_at').orderBy('id').limit(limit))
      .returningAll().execute();
  }

  async function runJob(row: JobRow): Promise<void> {
    const definition = definitions.get(row.name);
    const context: JobContext = { jobId: row.id, attempt: row.attempts, maxAttempts: row.max_attempts };
    if (definition === undefined) return failUnrunnable(row, `No handler is defined for job ${row.name}`);
    const parsed = parsePayload(definition, row.payload);
    if (!parsed.success) return failUnrunnable(row, parsed.error);
    if (row.attempts > row.max_attempts) {
      await failJob(row, definition, parsed.data, 'The worker stopped during the last attempt', context);
      return;
    }
    const heartbeat = setInterval(() => void renewLock(row.id), Math.max(10, lockMs / 2));
    let failure: { error: unknown } | undefined;
    try {
      await definition.run(parsed.data, context);
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    if (failure === undefined) await settle(row, { status: 'completed' });
    else await handleFailure(row, definition, parsed.data, context, failure.error);
  }

  /** A job that can never succeed (no handler, or a payload its schema rejects) fails at once, loudly. */
  async function failUnrunnable(row: JobRow, reason: string): Promise<void> {
    logger.error({ jobId: row.id, job: row.name, queue: queueName }, reason);
    await settle(row, { status: 'failed', last_error: reason });
  }

  async function handleFailure(row: JobRow, definition: JobDefinition, payload: unknown, context: JobContext, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const failure = error instanceof JobError ? error.failure : {};
    if (failure.permanent === true || context.attempt >= context.maxAttempts) {
      await failJob(row, definition, payload, message, context);
      return;
    }
    const delayMs = Math.max(0, failure.retryAfterMs ?? backoffDelayMs(context.attempt, backoffBaseMs));
    logger.warn({ jobId: row.id, job: row.name, attempt: context.attempt, delayMs, error: message }, 'job failed; will retry');
    await settle(row, { status: delayMs > 0 ? 'delayed' : 'waiting', run_at: clock.now() + delayMs, last_error: message });
  }

  async function failJob(row: JobRow, definition: JobDefinition, payload: unknown, message: string, context: JobContext): Promise<void> {
    logger.error({ jobId: row.id, job: row.name, attempt: context.attempt, error: message }, 'job failed for good');
    if (!(await settle(row, { status: 'failed', last_error: message }))) return;
    try {
      await definition.onFailed?.(payload, message, context);
    } catch (error) {
      logger.error({ err: error, jobId: row.id, job: row.name }, 'onFailed handler threw');
    }
  }

  /** Records the outcome unless another worker took the job over after our lock ran out; returns whether it did. */
  async function settle(row: JobRow, changes: Updateable<JobsTable>): Promise<boolean> {
    const result = await db.kysely.updateTable('jobs')
      .set({ ...changes, locked_by: null, locked_until: null, updated_at: clock.now() })
      .where('id', '=', row.id).where('status', '=', 'active').where('locked_by', '=', workerId)
      .executeTakeFirst();
    const settled = result.numUpdatedRows > 0n;
    if (!settled) logger.warn({ jobId: row.id, job: row.name }, 'job lock was lost; outcome not recorded');
    return settled;
  }

  async function renewLock(id: string): Promise<void> {
    try {
      const now = clock.now();
      await db.kysely.updateTable('jobs').set({ locked_until: now + lockMs, updated_at: now })
        .where('id', '=', id).where('status', '=', 'active').where('locked_by', '=', workerId).execute();
    } catch (error) {
      logger.warn({ err: error, jobId: id }, 'could not renew job lock');
    }
  }

  async function insertJob(name: string, payload: unknown, enqueueOptions: EnqueueOptions): Promise<string> {
    const now = clock.now();
    const delayMs = Math.max(0, enqueueOptions.delayMs ?? 0);
    const maxAttempts = Math.max(1, Math.floor(enqueueOptions.maxAttempts ?? defaultMaxAttempts));
    const id = newId();
    const row = {
      id, queue: queueName, name, payload: JSON.stringify(payload ?? null), dedupe_key: enqueueOptions.dedupeKey ?? null,
      status: delayMs > 0 ? 'delayed' : 'waiting', attempts: 0, max_attempts: maxAttempts, run_at: now + delayMs,
      locked_until: null, locked_by: null, last_error: null, created_at: now, updated_at: now,
    };
    const dedupeKey = enqueueOptions.dedupeKey;
    if (dedupeKey === undefined) {
      await db.kysely.insertInto('jobs').values(row).execute();
      return id;
    }
    const inserted = await db.kysely.insertInto('jobs').values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
    if (inserted !== undefined) return inserted.id;
    const existing = await db.kysely.selectFrom('jobs').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
    return existing.id;
  }

  return {
    driver: 'local',
    define(definition) {
      if (definitions.has(definition.name)) throw new Error(`Job ${definition.name} is already defined`);
      definitions.set(definition.name, definition);
    },
    async enqueue(name, payload, enqueueOptions = {}) {
      const id = await insertJob(name, payload, enqueueOptions);
      if ((enqueueOptions.delayMs ?? 0) <= 0) schedule(0);
      return id;
    },
    async start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async depth(): Promise<QueueDepth> {
      const now = clock.now();
      const counts = await db.kysely.selectFrom('jobs')
        .where('queue', '=', queueName).where('status', 'in', countedStatuses)
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere(eb.and([eb('status', 'in', pendingStatuses), eb('run_at', '<=', now)])).as('waiting'),
          eb.fn.countAll<number>().filterWhere('status', '=', 'active').as('active'),
          eb.fn.countAll<number>().filterWhere(eb.and([eb('status', 'in', pendingStatuses), eb('run_at', '>', now)])).as('delayed'),
          eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failed'),
        ])
        .executeTakeFirstOrThrow();
      return { waiting: Number(counts.waiting), active: Number(counts.active), delayed: Number(counts.delayed), failed: Number(counts.failed) };
    },
    close() {
      closing ??= (async () => {
        clearTimeout(timer);
        await polling;
        await Promise.all([...running]);
      })();
      return closing;
    },
  };
}

function parsePayload(definition: JobDefinition, text: string): { success: true; data: unknown } | { success: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { success: false, error: `Invalid payload for job ${definition.name}: not JSON` };
  }
  const result = definition.payload.safeParse(json);
  if (result.success) return { success: true, data: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  return { success: false, error: `Invalid payload for job ${definition.name}: ${issues}` };
}
