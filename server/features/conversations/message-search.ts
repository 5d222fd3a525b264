import { sql } from 'kysely';
import type { Executor } from '../../app-context.js';
import { dialectOf } from '../../infra/db/dialect.js';

/** How many of the newest matching messages a search considers; enough for an inbox, bounded for speed. */
export const searchCandidateLimit = 1_000;

/** Splits a user's query into plain words, so no operator of either engine's query language can be injected. */
export function searchTerms(query: string): string[] {
  return (query.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 16);
}

/** The FTS5 expression for a workspace's messages containing every term (the last one as a prefix). */
export function fts5Expression(workspaceId: string, terms: readonly string[]): string {
  const words = terms.map((term, index) => `text:"${term}"${index === terms.length - 1 ? '*' : ''}`);
  return [`workspace_id:"${workspaceId}"`, ...words].join(' AND ');
}

/**
 * Full-text search over message text behind one interface: SQLite FTS5 or PostgreSQL tsvector + GIN.
 * Returns the ids of the conversations with the newest matching messages, newest first.
 */
export async function searchConversationIds(db: Executor, workspaceId: string, query: string): Promise<string[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  if (dialectOf(db) === 'postgres') {
    const tsquery = terms.map((term, index) => `${term}${index === terms.length - 1 ? ':*' : ''}`).join(' & ');
    const rows = await sql<{ conversation_id: string }>`
      select conversation_id from messages
      where workspace_id = ${workspaceId} and search @@ to_tsquery('simple', ${tsquery})
      order by received_at desc limit ${searchCandidateLimit}`.execute(db);
    return unique(rows.rows.map((row) => row.conversation_id));
  }
  const rows = await sql<{ conversation_id: string }>`
    select m.conversation_id from messages m
    where m.seq in (select rowid from messages_fts where messages_fts match ${fts5Expression(workspaceId, terms)} order by rowid desc limit ${searchCandidateLimit})
    order by m.seq desc`.execute(db);
  return unique(rows.rows.map((row) => row.conversation_id));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
