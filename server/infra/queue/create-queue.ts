import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { createBullmqQueue } from './bullmq-queue.js';
import { createLocalQueue } from './local-queue.js';
import type { JobQueue } from './queue.port.js';

/** What the process needs to build its job queue. */
export interface JobQueueOptions {
  db: Db;
  /** When set, jobs go through BullMQ on this Redis; otherwise they stay in the database. */
  redisUrl?: string | undefined;
  logger: Logger;
  /** Key prefix of every Redis key, so several deployments can share one Redis. */
  redisPrefix?: string;
}

/** Builds the job queue: BullMQ when Redis is configured, the database-backed queue otherwise. */
export function createJobQueue({ db, redisUrl, logger, redisPrefix = 'rapport' }: JobQueueOptions): JobQueue {
  if (redisUrl !== undefined && redisUrl !== '') return createBullmqQueue({ redisUrl, logger, prefix: redisPrefix });
  return createLocalQueue({ db, logger });
}
