import { sql, type ExpressionBuilder } from 'kysely';
import { priorities } from '../../../common/enums.js';
import type { Executor } from '../../app-context.js';
import type { ConversationRow, Database } from '../../infra/db/schema.js';
import { AppError } from '../../http/app-error.js';
import { loadTags } from '../ingest/ingest-lookups.js';
import type { ListConversationsQuery } from './conversation.schemas.js';
import { searchConversationIds } from './message-search.js';

type Cursor = Array<number | string>;

/** Encodes the position after the last row of a page. */
export function encodeCursor(values: Cursor): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): Cursor {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'number' || typeof v === 'string')) return values;
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; start again without it', [{ path: 'query.cursor', message: 'invalid cursor' }]);
}

const sortColumns = {
  newest: { columns: ['last_message_at', 'id'], direction: 'desc' },
  oldest: { columns: ['last_message_at', 'id'], direction: 'asc' },
  waiting: { columns: ['waiting_since', 'id'], direction: 'asc' },
  priority: { columns: ['priority', 'last_message_at', 'id'], direction: 'desc' },
} as const;

/** One page of a workspace's conversations with their tags, and the cursor of the next page. */
export async function listConversations(db: Executor, workspaceId: string, filter: ListConversationsQuery & { viewerId: string | null }): Promise<{ rows: ConversationRow[]; tags: Map<string, string[]>; nextCursor: string | null }> {
  const order = sortColumns[filter.sort];
  let query = db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.q !== undefined) {
    const ids = await searchConversationIds(db, workspaceId, filter.q);
    if (ids.length === 0) return { rows: [], tags: new Map(), nextCursor: null };
    query = query.where('id', 'in', ids);
  }
  if (filter.status !== undefined) query = query.where('status', 'in', filter.status);
  if (filter.channel !== undefined) query = query.where('platform', 'in', filter.channel);
  if (filter.priority !== undefined) query = query.where('priority', 'in', filter.priority.map((name) => priorities.indexOf(name)));
  if (filter.sentiment !== undefined) query = query.where('sentiment_label', 'in', filter.sentiment);
  if (filter.intent !== undefined) query = query.where('intent_label', 'in', filter.intent);
  // A literal 1, not a parameter: only then can the planner use the partial index of flagged conversations.
  if (filter.personalData !== undefined) query = query.where('has_personal_data', '=', filter.personalData === 'true' ? sql.lit(1) : sql.lit(0));
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.queueId !== undefined) query = filter.queueId === 'none' ? query.where('queue_id', 'is', null) : query.where('queue_id', '=', filter.queueId);
  if (filter.contactId !== undefined) query = query.where('contact_id', '=', filter.contactId);
  if (filter.assigneeId !== undefined) {
    const assignee = filter.assigneeId === 'me' ? filter.viewerId : filter.assigneeId;
    query = filter.assigneeId === 'none' || assignee === null ? query.where('assignee_id', 'is', null) : query.where('assignee_id', '=', assignee);
  }
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    // LIMIT 1 keeps SQLite from building a Bloom filter over every tag row first (with statistics it does, costing ~30 ms at 130k tags).
    query = query.where((eb: ExpressionBuilder<Database, 'conversations'>) => eb.exists(
      eb.selectFrom('conversation_tags').select('conversation_tags.tag')
        .whereRef('conversation_tags.conversation_id', '=', 'conversations.id').where('conversation_tags.tag', '=', tag).limit(1),
    ));
  }
  if (filter.sort === 'waiting') query = query.where('waiting_since', 'is not', null);
  if (filter.cursor !== undefined) {
    const values = decodeCursor(filter.cursor, order.columns.length);
    query = query.where((eb) => eb(eb.refTuple(...(order.columns as unknown as [ 'id', 'id' ])), order.direction === 'desc' ? '<' : '>', eb.tuple(...(values as [string, string]))));
  }
  for (const column of order.columns) query = query.orderBy(column, order.direction);
  const rows = await query.limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > filter.limit && last !== undefined ? encodeCursor(order.columns.map((column) => last[column] as number | string)) : null;
  return { rows: page, tags: await loadTags(db, page.map((row) => row.id)), nextCursor };
}

/** Reads one conversation of the workspace. */
export async function findConversation(db: Executor, workspaceId: string, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
