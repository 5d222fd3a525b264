import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/helpers/db.js';
import { createLogger } from '../logger.js';
import { createJobQueue } from './create-queue.js';

const logger = createLogger('silent');

describe('job queue selection', () => {
  it('keeps jobs in the database when Redis is not configured', async () => {
    const db = await openTestDb('sqlite');
    const queue = createJobQueue({ db, redisUrl: undefined, logger });
    expect(queue.driver).toBe('local');
    await queue.close();
    await db.close();
  });

  it.skipIf(!process.env.REDIS_URL)('runs jobs on BullMQ when Redis is configured', async () => {
    const db = await openTestDb('sqlite');
    const queue = createJobQueue({ db, redisUrl: process.env.REDIS_URL, logger });
    expect(queue.driver).toBe('bullmq');
    await queue.close();
    await db.close();
  });
});
