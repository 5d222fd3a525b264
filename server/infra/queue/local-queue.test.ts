import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, openTestDb, testEngines } from '../../../test/helpers/db.js';
import type { Clock } from '../clock.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { createLocalQueue, type LocalQueueOptions } from './local-queue.js';
import { JobError, type JobContext, type JobQueue } from './queue.port.js';

const logger = createLogger('silent');
const payloadSchema = z.object({ conversationId: z.string() });
const quickly = { timeout: 1_500, interval: 10 };

/** A clock that only moves when the test says so. */
function manualClock(start = Date.UTC(2026, 10, 23)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => { now += ms; } };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openQueue(db: Db, options: Partial<LocalQueueOptions> = {}): JobQueue {
  const queue = createLocalQueue({ db, logger, pollIntervalMs: 10, ...options });
  cleanups.push(() => queue.close());
  return queue;
}

async function testDb(engine: 'sqlite' | 'postgres'): Promise<Db> {
  const db = await openTestDb(engine);
  cleanups.push(() => db.close());
  return db;
}

function readJob(db: Db, id: string) {
  return db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Records every run of the `reply.send` job; `behaviour` decides what each try does. */
function defineRecordedJob(queue: JobQueue, behaviour: (context: JobContext) => Promise<void> = async () => undefined) {
  const runs: Array<{ payload: z.infer<typeof payloadSchema>; context: JobContext }> = [];
  const failures: Array<{ payload: z.infer<typeof payloadSchema>; error: string }> = [];
  queue.define({
    name: 'reply.send',
    payload: payloadSchema,
    run: async (payload, context) => {
      runs.push({ payload, context });
      await behaviour(context);
    },
    onFailed: async (payload, error) => {
      failures.push({ payload, error });
    },
  });
  return { runs, failures };
}

describe.each(testEngines)('local queue on %s', (engine) => {
  it('runs an enqueued job with its validated payload and marks it completed', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db);
    const { runs } = defineRecordedJob(queue);
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('completed'), quickly);
    expect(runs).toEqual([{ payload: { conversationId: 'c1' }, context: { jobId: id, attempt: 1, maxAttempts: 8 } }]);
    expect(await queue.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('runs a job enqueued while idle without waiting for the next poll', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db, { pollIntervalMs: 60_000 });
    const { runs } = defineRecordedJob(queue);
    await queue.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.enqueue('reply.send', { conversationId: 'c1' });
    await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 500, interval: 10 });
  });

  it('returns the existing id for a dedupe key seen before and runs the job once', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db);
    const { runs } = defineRecordedJob(queue);
    const first = await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' });
    const second = await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' });
    expect(second).toBe(first);
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, first)).status).toBe('completed'), quickly);
    expect(await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' })).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(1);
  });

  it('retries a failed job after an exponential backoff and then completes it', async () => {
    const db = await testDb(engine);
    const clock = manualClock();
    const queue = openQueue(db, { clock });
    const { runs } = defineRecordedJob(queue, async ({ attempt }) => {
      if (attempt === 1) throw new Error('platform timed out');
    });
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('delayed'), quickly);
    const delayed = await readJob(db, id);
    expect(delayed).toMatchObject({ attempts: 1, last_error: 'platform timed out', locked_by: null });
    expect(delayed.run_at - clock.now()).toBeGreaterThanOrEqual(500);
    expect(delayed.run_at - clock.now()).toBeLessThanOrEqual(1_000);
    expect(await queue.depth()).toMatchObject({ delayed: 1, waiting: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(1);
    clock.advance(1_000);
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('completed'), quickly);
    expect(runs.map((r) => r.context.attempt)).toEqual([1, 2]);
  });

  it('waits exactly the retryAfterMs a handler asks for', async () => {
    const db = await testDb(engine);
    const clock = manualClock();
    const queue = openQueue(db, { clock });
    defineRecordedJob(queue, async () => {
      throw new JobError('rate limited', { retryAfterMs: 42_000 });
    });
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('delayed'), quickly);
    expect((await readJob(db, id)).run_at).toBe(clock.now() + 42_000);
  });

  it('fails a job at once on a permanent error, keeps the reason and calls onFailed once', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db);
    const { runs, failures } = defineRecordedJob(queue, async () => {
      throw new JobError('account suspended', { permanent: true });
    });
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' }, { maxAttempts: 5 });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('failed'), quickly);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readJob(db, id)).last_error).toBe('account suspended');
    expect(runs).toHaveLength(1);
    expect(failures).toEqual([{ payload: { conversationId: 'c1' }, error: 'account suspended' }]);
    expect(await queue.depth()).toMatchObject({ failed: 1, waiting: 0, delayed: 0 });
  });

  it('fails a job after its last attempt and calls onFailed once', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db, { backoffBaseMs: 5 });
    const { runs, failures } = defineRecordedJob(queue, async ({ attempt }) => {
      throw new Error(`try ${attempt} failed`);
    });
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' }, { maxAttempts: 3 });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('failed'), quickly);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs.map((r) => r.context.attempt)).toEqual([1, 2, 3]);
    expect(failures).toEqual([{ payload: { conversationId: 'c1' }, error: 'try 3 failed' }]);
    expect(await readJob(db, id)).toMatchObject({ attempts: 3, last_error: 'try 3 failed' });
  });

  it('fails a job whose payload does not match its schema without running it', async () => {
    const db = await testDb(engine);
    const queue = openQueue(db);
    const { runs, failures } = defineRecordedJob(queue);
    const id = await queue.enqueue('reply.send', { conversationId: 42 });
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('failed'), quickly);
    expect((await readJob(db, id)).last_error).toMatch(/Invalid payload for job reply\.send: conversationId/);
    expect(runs).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('runs again a job left active by a crashed worker once its lock has expired, but not one still locked', async () => {
    const db = await testDb(engine);
    const clock = manualClock();
    const queue = openQueue(db, { clock });
    const { runs } = defineRecordedJob(queue);
    const abandoned = await queue.enqueue('reply.send', { conversationId: 'abandoned' });
    const held = await queue.enqueue('reply.send', { conversationId: 'held' });
    const crashed = { status: 'active', attempts: 1, locked_by: 'crashed-worker' };
    await db.kysely.updateTable('jobs').set({ ...crashed, locked_until: clock.now() - 1 }).where('id', '=', abandoned).execute();
    await db.kysely.updateTable('jobs').set({ ...crashed, locked_until: clock.now() + 60_000 }).where('id', '=', held).execute();
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, abandoned)).status).toBe('completed'), quickly);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs.map((r) => [r.payload.conversationId, r.context.attempt])).toEqual([['abandoned', 2]]);
    expect((await readJob(db, held)).status).toBe('active');
  });

  it('fails without running again a job whose worker crashed during its last attempt', async () => {
    const db = await testDb(engine);
    const clock = manualClock();
    const queue = openQueue(db, { clock });
    const { runs, failures } = defineRecordedJob(queue);
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' }, { maxAttempts: 2 });
    await db.kysely.updateTable('jobs')
      .set({ status: 'active', attempts: 2, locked_by: 'crashed-worker', locked_until: clock.now() - 1 })
      .where('id', '=', id).execute();
    await queue.start();
    await vi.waitFor(async () => expect((await readJob(db, id)).status).toBe('failed'), quickly);
    expect((await readJob(db, id)).last_error).toBe('The worker stopped during the last attempt');
    expect(runs).toEqual([]);
    expect(failures).toEqual([{ payload: { conversationId: 'c1' }, error: 'The worker stopped during the last attempt' }]);
  });

  it('waits on close for the jobs that are running', async () => {
    const db = await testDb(engine);
    const queue = createLocalQueue({ db, logger, pollIntervalMs: 10 });
    const { runs } = defineRecordedJob(queue, () => new Promise((resolve) => setTimeout(resolve, 100)));
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), quickly);
    await queue.close();
    expect((await readJob(db, id)).status).toBe('completed');
  });

  it('never runs the same job twice when two queues share the database', async () => {
    const database = await createTestDatabase(engine, engine === 'sqlite' ? tempSqliteFile() : undefined);
    const dbs = [openDatabase(database.target), openDatabase(database.target)] as const;
    cleanups.push(() => database.drop(), () => dbs[0].close(), () => dbs[1].close());
    await migrateToLatest(dbs[0]);
    const seen: string[] = [];
    const queues = dbs.map((db) => openQueue(db, { concurrency: 3 }));
    for (const queue of queues) {
      queue.define({
        name: 'reply.send',
        payload: payloadSchema,
        run: async ({ conversationId }) => {
          seen.push(conversationId);
          await new Promise((resolve) => setTimeout(resolve, 2));
        },
      });
    }
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    for (const id of ids) await queues[0]!.enqueue('reply.send', { conversationId: id });
    await Promise.all(queues.map((queue) => queue.start()));
    await vi.waitFor(async () => expect(await queues[0]!.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 }), { timeout: 1_800, interval: 20 });
    expect([...seen].sort()).toEqual([...ids].sort());
  });
});

function tempSqliteFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-queue-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'rapport.sqlite');
}

describe('local queue on an SQLite file', () => {
  it('loses no job when the database is closed and opened again', async () => {
    const file = tempSqliteFile();
    const first = openDatabase({ sqliteFile: file });
    await migrateToLatest(first);
    const before = createLocalQueue({ db: first, logger });
    const keyed = await before.enqueue('reply.send', { conversationId: 'keyed' }, { dedupeKey: 'reply:r1' });
    await before.enqueue('reply.send', { conversationId: 'plain' });
    await before.enqueue('reply.send', { conversationId: 'later' }, { delayMs: 30 });
    await before.close();
    await first.close();

    const db = openDatabase({ sqliteFile: file });
    cleanups.push(() => db.close());
    const queue = openQueue(db);
    const { runs } = defineRecordedJob(queue);
    expect(await queue.enqueue('reply.send', { conversationId: 'keyed' }, { dedupeKey: 'reply:r1' })).toBe(keyed);
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(3), quickly);
    expect(runs.map((r) => r.payload.conversationId).sort()).toEqual(['keyed', 'later', 'plain']);
  });
});
