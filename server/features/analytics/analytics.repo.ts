import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../app-context.js';

/** Volume is counted in quarter hours so that zones offset by 30 or 45 minutes still get exact local hours. */
export const volumeBucketMs = 15 * 60 * 1000;

/** Upper bounds (seconds, exclusive) of the response and resolution time buckets; a last open bucket follows. */
export const durationBoundsSeconds = [5 * 60, 15 * 60, 30 * 60, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600] as const;

/** A time range in epoch milliseconds, end exclusive. */
export interface Range {
  from: number;
  to: number;
}

/** Inbound messages per platform and quarter hour (bucket = floor(sent_at / 15 min)). */
export async function countInboundByBucket(db: Executor, workspaceId: string, range: Range): Promise<Array<{ platform: string; bucket: number; count: number }>> {
  // Literals, not parameters: PostgreSQL must see the same expression in SELECT and GROUP BY.
  const bucket = sql<number>`sent_at / ${sql.lit(volumeBucketMs)}`;
  const rows = await db.selectFrom('messages')
    .select((eb) => ['platform', bucket.as('bucket'), eb.fn.countAll<number>().as('count')])
    .where('workspace_id', '=', workspaceId).where('direction', '=', 'inbound')
    .where('sent_at', '>=', range.from).where('sent_at', '<', range.to)
    .groupBy(['platform', bucket]).execute();
  return rows.map((row) => ({ platform: row.platform, bucket: Number(row.bucket), count: Number(row.count) }));
}

/** The index (0…bounds) of the duration bucket of a millisecond difference, as SQL. */
function durationBucketOf(difference: RawBuilder<number>): RawBuilder<number> {
  const cases = durationBoundsSeconds.map((bound, index) => sql`when ${difference} < ${sql.lit(bound * 1000)} then ${sql.lit(index)}`);
  return sql<number>`case ${sql.join(cases, sql` `)} else ${sql.lit(durationBoundsSeconds.length)} end`;
}

/** First-response times of conversations whose first customer message is in the range: count per bucket, and the average. */
export async function firstResponseBuckets(db: Executor, workspaceId: string, range: Range): Promise<{ buckets: Map<number, number>; averageMs: number | null }> {
  const difference = sql<number>`first_response_at - first_inbound_at`;
  const bucket = durationBucketOf(difference);
  const base = db.selectFrom('conversations').where('workspace_id', '=', workspaceId)
    .where('first_inbound_at', '>=', range.from).where('first_inbound_at', '<', range.to).where('first_response_at', 'is not', null);
  const [rows, average] = await Promise.all([
    base.select((eb) => [bucket.as('bucket'), eb.fn.countAll<number>().as('count')]).groupBy(bucket).execute(),
    base.select((eb) => eb.fn.avg<number | string | null>(difference).as('average')).executeTakeFirst(),
  ]);
  const averageMs = average?.average === null || average?.average === undefined ? null : Number(average.average);
  return { buckets: new Map(rows.map((row) => [Number(row.bucket), Number(row.count)])), averageMs };
}

/** Resolution times (first customer message to resolved) of conversations resolved in the range, per bucket. */
export async function resolutionBuckets(db: Executor, workspaceId: string, range: Range): Promise<Map<number, number>> {
  const bucket = durationBucketOf(sql<number>`resolved_at - coalesce(first_inbound_at, created_at)`);
  const rows = await db.selectFrom('conversations')
    .select((eb) => [bucket.as('bucket'), eb.fn.countAll<number>().as('count')])
    .where('workspace_id', '=', workspaceId).where('status', '=', 'resolved')
    .where('resolved_at', '>=', range.from).where('resolved_at', '<', range.to)
    .groupBy(bucket).execute();
  return new Map(rows.map((row) => [Number(row.bucket), Number(row.count)]));
}

/** Conversations whose first customer message is in the range. */
export async function countConversationsStarted(db: Executor, workspaceId: string, range: Range): Promise<number> {
  const row = await db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId).where('first_inbound_at', '>=', range.from).where('first_inbound_at', '<', range.to).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The triage metadata of the range's newest inbound messages (at most `limit`), newest first. */
export async function loadTriagedMessages(db: Executor, workspaceId: string, range: Range, limit: number): Promise<Array<{ sentAt: number; metadata: string }>> {
  const rows = await db.selectFrom('messages').select(['sent_at', 'metadata'])
    .where('workspace_id', '=', workspaceId).where('direction', '=', 'inbound')
    .where('sent_at', '>=', range.from).where('sent_at', '<', range.to).where('metadata', 'like', '%"triage"%')
    .orderBy('sent_at', 'desc').limit(limit).execute();
  return rows.map((row) => ({ sentAt: Number(row.sent_at), metadata: row.metadata }));
}

/** Conversations still to be worked (open, pending, snoozed) per queue and status, with the queue's name. */
export async function countBacklog(db: Executor, workspaceId: string): Promise<Array<{ queueId: string | null; queueName: string | null; status: string; count: number }>> {
  const rows = await db.selectFrom('conversations')
    .leftJoin('queues', 'queues.id', 'conversations.queue_id')
    .select((eb) => ['conversations.queue_id as queueId', 'queues.name as queueName', 'conversations.status as status', eb.fn.countAll<number>().as('count')])
    .where('conversations.workspace_id', '=', workspaceId).where('conversations.status', 'in', ['open', 'pending', 'snoozed'])
    .groupBy(['conversations.queue_id', 'queues.name', 'conversations.status']).execute();
  return rows.map((row) => ({ queueId: row.queueId, queueName: row.queueName, status: row.status, count: Number(row.count) }));
}
