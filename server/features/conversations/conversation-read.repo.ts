import { sql } from 'kysely';
import { priorities } from '../../../common/enums.js';
import type { Executor } from '../../app-context.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import { chunks } from '../ingest/ingest-lookups.js';
import type { ConversationCountsQuery } from './conversation.schemas.js';

/** Stands in for "no user" in a join, so a viewer without a user matches no read marker. */
const nobody = '';

/** Moves a user's read marker of a conversation forward to `readAt` (never back). */
export async function markRead(trx: Executor, userId: string, conversationId: string, readAt: number): Promise<number> {
  await trx.insertInto('conversation_reads').values({ user_id: userId, conversation_id: conversationId, read_at: readAt })
    .onConflict((oc) => oc.columns(['user_id', 'conversation_id']).doUpdateSet({
      read_at: sql<number>`case when excluded.read_at > conversation_reads.read_at then excluded.read_at else conversation_reads.read_at end`,
    })).execute();
  return readMarker(trx, userId, conversationId);
}

/** Forgets a user's read marker, so the conversation counts as unread again once it has a customer message. */
export async function clearRead(trx: Executor, userId: string, conversationId: string): Promise<void> {
  await trx.deleteFrom('conversation_reads').where('user_id', '=', userId).where('conversation_id', '=', conversationId).execute();
}

/** How far a user has read a conversation (epoch ms of the newest inbound message seen); 0 when never opened. */
export async function readMarker(db: Executor, userId: string, conversationId: string): Promise<number> {
  const row = await db.selectFrom('conversation_reads').select('read_at').where('user_id', '=', userId).where('conversation_id', '=', conversationId).executeTakeFirst();
  return Number(row?.read_at ?? 0);
}

/** Whether a conversation has a customer message newer than the read marker. */
export function isUnread(lastInboundAt: number | null, readAt: number): boolean {
  return lastInboundAt !== null && Number(lastInboundAt) > readAt;
}

/** The ids of the conversations of a page that are unread for the viewer (all with customer messages when there is no viewer). */
export async function loadUnreadIds(db: Executor, viewerId: string | null, rows: readonly ConversationRow[]): Promise<Set<string>> {
  const candidates = rows.filter((row) => row.last_inbound_at !== null);
  const markers = new Map<string, number>();
  if (viewerId !== null) {
    for (const part of chunks(candidates.map((row) => row.id))) {
      const found = await db.selectFrom('conversation_reads').select(['conversation_id', 'read_at']).where('user_id', '=', viewerId).where('conversation_id', 'in', part).execute();
      for (const row of found) markers.set(row.conversation_id, Number(row.read_at));
    }
  }
  return new Set(candidates.filter((row) => isUnread(row.last_inbound_at, markers.get(row.id) ?? 0)).map((row) => row.id));
}

/** Totals and unread conversations of one slice of the inbox. */
export interface SliceCount {
  total: number;
  unread: number;
}

/** What GET …/conversations/counts answers: the predefined views, and each queue. */
export interface ConversationCounts {
  mine: SliceCount;
  unassigned: SliceCount;
  all: SliceCount;
  queues: Array<SliceCount & { queueId: string }>;
}

/** Counts the workspace's conversations matching the filters per view and queue, with how many are unread for the viewer, in one query. */
export async function countConversations(db: Executor, workspaceId: string, viewerId: string | null, filter: ConversationCountsQuery): Promise<ConversationCounts> {
  const viewer = viewerId ?? nobody;
  const unread = sql<number>`(c.last_inbound_at is not null and (r.read_at is null or c.last_inbound_at > r.read_at))`;
  const sumWhen = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const mine = sql`c.assignee_id = ${viewer}`;
  const unassigned = sql`c.assignee_id is null`;
  // Grouping by an expression rather than the column keeps SQLite from walking the queue index over every conversation
  // ever (resolved ones included) to save a sort: it filters by status through its index first.
  const queue = sql<string>`coalesce(c.queue_id, '')`;
  let query = db.selectFrom('conversations as c')
    .leftJoin('conversation_reads as r', (join) => join.onRef('r.conversation_id', '=', 'c.id').on('r.user_id', '=', viewer))
    .select([
      queue.as('queue_id'),
      sql<number>`count(*)`.as('total'),
      sumWhen(unread).as('unread'),
      sumWhen(mine).as('mine'),
      sumWhen(sql`${mine} and ${unread}`).as('mine_unread'),
      sumWhen(unassigned).as('unassigned'),
      sumWhen(sql`${unassigned} and ${unread}`).as('unassigned_unread'),
    ])
    .where('c.workspace_id', '=', workspaceId).where('c.status', 'in', filter.status);
  if (filter.channel !== undefined) query = query.where('c.platform', 'in', filter.channel);
  if (filter.priority !== undefined) query = query.where('c.priority', 'in', filter.priority.map((name) => priorities.indexOf(name)));
  if (filter.sentiment !== undefined) query = query.where('c.sentiment_label', 'in', filter.sentiment);
  if (filter.intent !== undefined) query = query.where('c.intent_label', 'in', filter.intent);
  if (filter.personalData !== undefined) query = query.where('c.has_personal_data', '=', filter.personalData === 'true' ? sql.lit(1) : sql.lit(0));
  if (filter.accountId !== undefined) query = query.where('c.account_id', '=', filter.accountId);
  if (filter.tag !== undefined) {
    const tag = filter.tag.toLowerCase();
    query = query.where((eb) => eb.exists(eb.selectFrom('conversation_tags as t').select('t.tag').whereRef('t.conversation_id', '=', 'c.id').where('t.tag', '=', tag).limit(1)));
  }
  const groups = await query.groupBy(queue).execute();
  const counts: ConversationCounts = { mine: zero(), unassigned: zero(), all: zero(), queues: [] };
  for (const group of groups) {
    add(counts.all, group.total, group.unread);
    add(counts.mine, group.mine, group.mine_unread);
    add(counts.unassigned, group.unassigned, group.unassigned_unread);
    if (group.queue_id !== '') counts.queues.push({ queueId: group.queue_id, total: Number(group.total), unread: Number(group.unread ?? 0) });
  }
  counts.queues.sort((a, b) => a.queueId.localeCompare(b.queueId));
  return counts;
}

const zero = (): SliceCount => ({ total: 0, unread: 0 });

function add(slice: SliceCount, total: number | null, unread: number | null): void {
  slice.total += Number(total ?? 0);
  slice.unread += Number(unread ?? 0);
}
