import { randomBytes } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logger.js';
import { createBullmqQueue, type BullmqQueueOptions } from './bullmq-queue.js';
import { JobError, type JobContext, type JobQueue } from './queue.port.js';

const redisUrl = process.env.REDIS_URL ?? '';
const logger = createLogger('silent');
const payloadSchema = z.object({ conversationId: z.string() });
const quickly = { timeout: 1_500, interval: 10 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A queue under a random key prefix of its own, removed with its keys after the test. */
function openQueue(options: Partial<BullmqQueueOptions> = {}): JobQueue & { failedReason(id: string): Promise<string | undefined> } {
  const prefix = `rapport-test-${randomBytes(6).toString('hex')}`;
  const queue = createBullmqQueue({ redisUrl, logger, prefix, ...options });
  const failedReason = async (id: string) => {
    const connection = new Redis(redisUrl);
    const inspector = new Queue('rapport', { connection, prefix });
    const job = await Job.fromId(inspector, id);
    await inspector.close();
    await connection.quit();
    return job?.failedReason;
  };
  cleanups.push(async () => {
    await queue.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  return Object.assign(queue, { failedReason });
}

/** Records every run of the `reply.send` job; `behaviour` decides what each try does. */
function defineRecordedJob(queue: JobQueue, behaviour: (context: JobContext) => Promise<void> = async () => undefined) {
  const runs: Array<{ payload: z.infer<typeof payloadSchema>; context: JobContext; at: number }> = [];
  const failures: Array<{ payload: z.infer<typeof payloadSchema>; error: string }> = [];
  queue.define({
    name: 'reply.send',
    payload: payloadSchema,
    run: async (payload, context) => {
      runs.push({ payload, context, at: Date.now() });
      await behaviour(context);
    },
    onFailed: async (payload, error) => {
      failures.push({ payload, error });
    },
  });
  return { runs, failures };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe.skipIf(!process.env.REDIS_URL)('BullMQ queue', () => {
  it('runs an enqueued job with its validated payload', async () => {
    const queue = openQueue();
    const { runs } = defineRecordedJob(queue);
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), quickly);
    expect(runs[0]).toMatchObject({ payload: { conversationId: 'c1' }, context: { jobId: id, attempt: 1, maxAttempts: 8 } });
    await vi.waitFor(async () => expect(await queue.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 }), quickly);
  });

  it('returns the same id for a dedupe key seen before and runs the job once', async () => {
    const queue = openQueue();
    const { runs } = defineRecordedJob(queue);
    const first = await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' });
    expect(await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' })).toBe(first);
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), quickly);
    expect(await queue.enqueue('reply.send', { conversationId: 'c1' }, { dedupeKey: 'reply:r1' })).toBe(first);
    await settle();
    expect(runs).toHaveLength(1);
  });

  it('retries a failed job after an exponential backoff and then completes it', async () => {
    const queue = openQueue({ backoffBaseMs: 200 });
    const { runs } = defineRecordedJob(queue, async ({ attempt }) => {
      if (attempt === 1) throw new Error('platform timed out');
    });
    await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(2), quickly);
    expect(runs.map((r) => r.context.attempt)).toEqual([1, 2]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(100);
  });

  it('waits the retryAfterMs a handler asks for instead of the backoff', async () => {
    // The backoff would wait at least 30 s; the handler asks for 150 ms.
    const queue = openQueue({ backoffBaseMs: 60_000 });
    const { runs } = defineRecordedJob(queue, async ({ attempt }) => {
      if (attempt === 1) throw new JobError('rate limited', { retryAfterMs: 150 });
    });
    await queue.enqueue('reply.send', { conversationId: 'c1' });
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(2), quickly);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(140);
  });

  it('fails a job at once on a permanent error, keeps the reason and calls onFailed once', async () => {
    const queue = openQueue();
    const { runs, failures } = defineRecordedJob(queue, async () => {
      throw new JobError('account suspended', { permanent: true });
    });
    const id = await queue.enqueue('reply.send', { conversationId: 'c1' }, { maxAttempts: 5 });
    await queue.start();
    await vi.waitFor(async () => expect((await queue.depth()).failed).toBe(1), quickly);
    await settle();
    expect(await queue.failedReason(id)).toBe('account suspended');
    expect(runs).toHaveLength(1);
    expect(failures).toEqual([{ payload: { conversationId: 'c1' }, error: 'account suspended' }]);
  });

  it('fails a job after its last attempt and calls onFailed once', async () => {
    const queue = openQueue({ backoffBaseMs: 5 });
    const { runs, failures } = defineRecordedJob(queue, async ({ attempt }) => {
      throw new Error(`try ${attempt} failed`);
    });
    await queue.enqueue('reply.send', { conversationId: 'c1' }, { maxAttempts: 3 });
    await queue.start();
    await vi.waitFor(async () => expect((await queue.depth()).failed).toBe(1), quickly);
    await settle();
    expect(runs.map((r) => r.context.attempt)).toEqual([1, 2, 3]);
    expect(failures).toEqual([{ payload: { conversationId: 'c1' }, error: 'try 3 failed' }]);
  });

  it('fails a job whose payload does not match its schema without running it', async () => {
    const queue = openQueue();
    const { runs, failures } = defineRecordedJob(queue);
    const id = await queue.enqueue('reply.send', { conversationId: 42 }, { maxAttempts: 5 });
    await queue.start();
    await vi.waitFor(async () => expect((await queue.depth()).failed).toBe(1), quickly);
    expect(await queue.failedReason(id)).toMatch(/^Invalid payload for job reply\.send: conversationId/);
    expect(runs).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('holds a delayed job until its time has come', async () => {
    const queue = openQueue();
    const { runs } = defineRecordedJob(queue);
    const enqueuedAt = Date.now();
    await queue.enqueue('reply.send', { conversationId: 'c1' }, { delayMs: 200 });
    expect(await queue.depth()).toMatchObject({ delayed: 1, waiting: 0 });
    await queue.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), quickly);
    expect(runs[0]!.at - enqueuedAt).toBeGreaterThanOrEqual(190);
  });
});
