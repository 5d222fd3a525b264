import type { z } from 'zod';

/** Options for one enqueued job. */
export interface EnqueueOptions {
  /** A job with the same key is enqueued at most once (the reply's idempotency key, for example). */
  dedupeKey?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries before the job is marked failed (default 8). */
  maxAttempts?: number;
}

/** What a handler may tell the queue about a failure. */
export interface JobFailure {
  /** When set, retry after exactly this delay instead of the exponential backoff (a platform's rate-limit reset, say). */
  retryAfterMs?: number;
  /** When true, do not retry: the failure is final (a permanent 4xx, say). */
  permanent?: boolean;
}

/** Thrown by a handler to steer the retry of its job. */
export class JobError extends Error {
  override readonly name = 'JobError';
  constructor(message: string, readonly failure: JobFailure = {}) {
    super(message);
  }
}

/** The context a job handler runs with. */
export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** A kind of background work: a name, a zod schema for its payload of ids and scalars, and what to do. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  run(payload: z.infer<S>, context: JobContext): Promise<void>;
  /** Called once when the last try has failed, with the final error message. */
  onFailed?(payload: z.infer<S>, error: string, context: JobContext): Promise<void>;
}

/** Counts of jobs per state, for metrics and health. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A durable job queue: the database-backed one in-process, or BullMQ on Redis. */
export interface JobQueue {
  readonly driver: 'local' | 'bullmq';
  /** Registers the handler of a job kind; call before start(). */
  define<S extends z.ZodType>(definition: JobDefinition<S>): void;
  /** Durably records a job; returns its id (the existing one when the dedupe key was seen before). */
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
  /** Starts running jobs in this process (the worker role). */
  start(): Promise<void>;
  depth(): Promise<QueueDepth>;
  /** Stops taking jobs, waits for the running ones, releases connections. */
  close(): Promise<void>;
}

/** Exponential backoff with full jitter: attempt 1 waits up to base, doubling up to cap. */
export function backoffDelayMs(attempt: number, baseMs = 1_000, capMs = 15 * 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
