import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { ListeningQueryRow } from '../../infra/db/schema.js';
import type { JobDefinition } from '../../infra/queue/queue.port.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';
import type { ListeningSource } from './listening.port.js';
import { pollListeningQuery } from './listening.poller.js';
import { findQueryById } from './listening.repo.js';

const payload = z.strictObject({ queryId: z.string().min(1).max(64), slot: z.number().int().min(0) });

/** The name and payload of the job that polls one saved query and schedules its next poll. */
export const listeningPollJob = { name: 'listening.poll', payload } as const;

/** When a poll's job failed for good (the database was unreachable, say), the schedule resumes this much later. */
const afterFailureMs = 5 * 60_000;

/** The slot a moment falls in: slot n starts at n × interval. */
export function slotAt(intervalSeconds: number, at: number): number {
  return Math.floor(at / (intervalSeconds * 1000));
}

/**
 * Enqueues a query's poll for a slot, to run at the slot's start. The dedupe key names the query and the slot, so however
 * many polls (scheduled, manual, retried) ask for the next slot, it is polled once, and the schedule is one chain.
 */
export async function enqueuePoll(ctx: AppContext, query: Pick<ListeningQueryRow, 'id' | 'interval_seconds'>, slot: number, dedupeKey = `listening.poll:${query.id}:${slot}`): Promise<void> {
  const delayMs = Math.max(0, slot * Number(query.interval_seconds) * 1000 - ctx.clock.now());
  await ctx.queue.enqueue(listeningPollJob.name, { queryId: query.id, slot }, { dedupeKey, delayMs, maxAttempts: 8 });
}

/** The slot after `current` that starts no earlier than `notBefore`. */
function nextSlot(intervalSeconds: number, current: number, notBefore: number): number {
  return Math.max(current + 1, Math.ceil(notBefore / (intervalSeconds * 1000)));
}

/**
 * A durable repeating job: each run polls its query and enqueues the poll of a later slot (one interval on, or after a
 * rate-limit reset or a backoff), so the schedule survives restarts in the queue itself. A deleted or inactive query
 * ends its chain.
 */
export function defineListeningPollJob(ctx: AppContext, ingest: IngestPipeline, sources: ReadonlyMap<string, ListeningSource>): JobDefinition<typeof payload> {
  return {
    ...listeningPollJob,
    async run({ queryId, slot }) {
      const outcome = await pollListeningQuery(ctx, ingest, sources, queryId);
      if (outcome === undefined) return;
      await enqueuePoll(ctx, outcome.query, nextSlot(Number(outcome.query.interval_seconds), slot, outcome.notBefore));
    },
    async onFailed({ queryId, slot }) {
      const query = await findQueryById(ctx.db.kysely, queryId);
      if (query === undefined || Number(query.active) !== 1) return;
      await enqueuePoll(ctx, query, nextSlot(Number(query.interval_seconds), slot, ctx.clock.now() + afterFailureMs));
    },
  };
}
