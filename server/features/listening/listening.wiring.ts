import type { AppContext } from '../../app-context.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';
import { defineListeningPollJob, enqueuePoll, slotAt } from './listening-poll.job.js';
import type { ListeningSource } from './listening.port.js';
import { listActiveQueries } from './listening.repo.js';

/** Defines the poll job with the platforms' pull sources; call once per process, before the queue starts. */
export function connectListening(ctx: AppContext, ingest: IngestPipeline, sources: readonly ListeningSource[]): void {
  ctx.queue.define(defineListeningPollJob(ctx, ingest, new Map(sources.map((source) => [source.platform, source]))));
}

/**
 * Enqueues the poll of the current slot for every active query. Each schedule is a chain of jobs that keeps itself
 * going; this restarts one whose chain was lost (its last job failed for good while the database was unreachable).
 * Meant for the start of a worker; a chain that is alive gets at most one extra poll.
 */
export async function resumeListeningSchedules(ctx: AppContext): Promise<number> {
  const queries = await listActiveQueries(ctx.db.kysely);
  for (const query of queries) await enqueuePoll(ctx, query, slotAt(Number(query.interval_seconds), ctx.clock.now()));
  return queries.length;
}
