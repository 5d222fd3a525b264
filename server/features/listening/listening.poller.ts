import type { AppContext } from '../../app-context.js';
import type { ChannelAccountRow, ListeningQueryRow } from '../../infra/db/schema.js';
import { JobError } from '../../infra/queue/queue.port.js';
import { findAccountById } from '../channels/channel-health.repo.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';
import type { ListeningKind, ListeningSource } from './listening.port.js';
import { findQueryById, takeLease, updatePollState } from './listening.repo.js';

/** Pages one poll walks at most; a longer walk resumes at the next poll from the page it stopped at. */
export const maxPagesPerPoll = 10;
/** The longest a failing query waits between polls. */
const maxBackoffMs = 60 * 60_000;

/** What a poll leaves for the schedule: the query, and the earliest time the next poll may run. */
export interface PollOutcome {
  query: ListeningQueryRow;
  notBefore: number;
}

/**
 * Polls one saved query: walks the pages newer than its since_id, hands each page to ingest as a receipt (`poll:<platform>`),
 * and moves since_id only once every page of the walk is committed, so a restart resumes with no gap and ingest's dedupe
 * absorbs any overlap. A failure is recorded on the query (and, for credentials, in the account's health) and backs off;
 * it never throws except when another poll of the same query is still running. Returns undefined when the query is gone.
 */
export async function pollListeningQuery(ctx: AppContext, ingest: IngestPipeline, sources: ReadonlyMap<string, ListeningSource>, queryId: string): Promise<PollOutcome | undefined> {
  const db = ctx.db.kysely;
  const query = await findQueryById(db, queryId);
  if (query === undefined || Number(query.active) !== 1) return undefined;
  const now = ctx.clock.now();
  if (!(await takeLease(db, query.id, now, now + leaseMs(ctx)))) throw new JobError('Another poll of this listening query is running', { retryAfterMs: 2_000 });
  const intervalMs = Number(query.interval_seconds) * 1000;
  try {
    const account = await findAccountById(db, query.account_id);
    const source = account === undefined ? undefined : sources.get(account.platform);
    if (account === undefined || source === undefined) throw new JobError(`Rapport cannot poll ${account?.platform ?? 'this'} accounts`, { permanent: true });
    await walkPages(ctx, ingest, source, account, query);
    const done = ctx.clock.now();
    await updatePollState(db, query.id, { last_polled_at: done, last_error: null, failures: 0, lease_until: null, updated_at: done });
    return { query, notBefore: done + intervalMs };
  } catch (error) {
    const failures = Number(query.failures) + 1;
    const reason = error instanceof Error ? error.message : String(error);
    const done = ctx.clock.now();
    ctx.logger.warn({ queryId: query.id, failures, error: reason }, 'listening poll failed; backing off');
    // A walk the platform refuses to continue (a bad page token, say) starts again from since_id: a refetch, never a gap.
    const restartWalk = error instanceof JobError && error.failure.permanent === true ? { next_token: null, pending_newest_id: null } : {};
    await updatePollState(db, query.id, { last_polled_at: done, last_error: reason.slice(0, 1000), failures, lease_until: null, updated_at: done, ...restartWalk });
    return { query, notBefore: retryAt(done, intervalMs, failures, error) };
  }
}

/** A rate limit names its reset; anything else waits one interval, doubling with each failure in a row up to an hour. */
function retryAt(now: number, intervalMs: number, failures: number, error: unknown): number {
  const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures - 1, 12));
  if (error instanceof JobError && error.failure.retryAfterMs !== undefined) return now + Math.max(error.failure.retryAfterMs, intervalMs);
  return now + Math.max(backoff, intervalMs);
}

/** Long enough for a whole walk; renewed with every page, so a poll that died holds the query for about a minute only. */
function leaseMs(ctx: AppContext): number {
  return 2 * ctx.config.channels.timeoutMs + 30_000;
}

/**
 * Walks pages newest first (X's order) from the saved cursor. The first page's newest id becomes since_id once the walk
 * ends (X's recipe: keep since_id while paging, update it from the first page only); a walk cut short keeps its page
 * token and that newest id, and the next poll continues it. A query's very first poll takes only the newest page.
 */
async function walkPages(ctx: AppContext, ingest: IngestPipeline, source: ListeningSource, account: ChannelAccountRow, query: ListeningQueryRow): Promise<void> {
  const db = ctx.db.kysely;
  const firstPoll = query.since_id === null && query.next_token === null;
  let pageToken = query.next_token ?? undefined;
  let newest = query.pending_newest_id ?? undefined;
  for (let pages = 0; pages < maxPagesPerPoll; pages += 1) {
    const page = await source.fetchPage({ account, kind: query.kind as ListeningKind, query: query.query, sinceId: query.since_id, pageToken });
    if (page.events.length > 0) {
      const result = await ingest.accept({ workspaceId: query.workspace_id, source: `poll:${source.platform}`, accountId: account.id, payload: page.payload, events: page.events });
      if (result.status !== 'processed') throw new JobError('Rapport could not store the polled posts; the next poll fetches them again');
    }
    if (pageToken === undefined) newest = page.newestId ?? newest;
    pageToken = page.nextToken;
    const now = ctx.clock.now();
    if (pageToken === undefined || firstPoll) {
      await updatePollState(db, query.id, { since_id: newest ?? query.since_id, next_token: null, pending_newest_id: null, updated_at: now });
      return;
    }
    // Everything up to this page is committed: a stop from here on resumes at the next page, never before it.
    await updatePollState(db, query.id, { next_token: pageToken, pending_newest_id: newest ?? null, lease_until: now + leaseMs(ctx), updated_at: now });
  }
}
