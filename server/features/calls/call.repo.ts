import type { Executor } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import type { CallRow } from '../../infra/db/schema.js';
import { aliasesOf, resolveContact } from '../contacts/contact.repo.js';
import type { ListCallsQuery } from './call.schemas.js';

function encodeCursor(row: Pick<CallRow, 'started_at' | 'message_id'>): string {
  return Buffer.from(JSON.stringify([Number(row.started_at), row.message_id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === 2 && typeof values[0] === 'number' && typeof values[1] === 'string') return [values[0], values[1]];
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; start again without it', [{ path: 'query.cursor', message: 'invalid cursor' }]);
}

/** One page of a workspace's call log, newest first, and the cursor of the next page (keyset on started_at, message id). */
export async function listCalls(db: Executor, workspaceId: string, filter: ListCallsQuery & { viewerId: string | null }): Promise<{ rows: CallRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('calls').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.contactId !== undefined) {
    const contact = await resolveContact(db, workspaceId, filter.contactId);
    if (contact === undefined) return { rows: [], nextCursor: null };
    query = query.where('contact_id', 'in', [contact.id, ...await aliasesOf(db, workspaceId, contact.id)]);
  }
  if (filter.agentId !== undefined) {
    const agent = filter.agentId === 'me' ? filter.viewerId : filter.agentId;
    query = filter.agentId === 'none' || agent === null ? query.where('agent_user_id', 'is', null) : query.where('agent_user_id', '=', agent);
  }
  if (filter.disposition !== undefined) query = query.where('disposition', 'in', filter.disposition);
  if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.from !== undefined) query = query.where('started_at', '>=', Date.parse(filter.from));
  if (filter.to !== undefined) query = query.where('started_at', '<', Date.parse(filter.to));
  if (filter.cursor !== undefined) {
    const [startedAt, messageId] = decodeCursor(filter.cursor);
    query = query.where((eb) => eb(eb.refTuple('started_at', 'message_id'), '<', eb.tuple(startedAt, messageId)));
  }
  const rows = await query.orderBy('started_at', 'desc').orderBy('message_id', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > filter.limit && last !== undefined ? encodeCursor(last) : null };
}
