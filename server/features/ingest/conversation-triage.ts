import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../app-context.js';
import { compiledOnce } from '../../infra/db/bulk-insert.js';
import type { ConversationRow, MessageRow } from '../../infra/db/schema.js';
import { conversationTriageOf, type ConversationTriage } from '../triage/conversation-triage.js';
import type { BatchState } from './ingest-batch.js';
import type { KnownMessage } from './ingest-lookups.js';

/** The columns that hold a conversation's triage (migration 2026-11-23T0900-conversation-triage). */
export const conversationTriageColumns = ['sentiment_label', 'sentiment_score', 'intent_label', 'intent_confidence', 'has_personal_data'] as const;

type TriageColumns = Pick<ConversationRow, (typeof conversationTriageColumns)[number]>;

/** A stored message whose triage an edit changed, and the conversation's columns should it be its newest customer message. */
interface EditedTriage {
  messageId: string;
  conversationId: string;
  columns: TriageColumns;
}

/**
 * Moves each conversation's triage columns to what triage found on its newest inbound message, for the conversations
 * whose newest inbound message came in this batch (a message older than the conversation's newest changes nothing).
 * Reads only the batch's own messages, once enrichment has been applied to them, and changes the rows in memory;
 * returns the rows whose columns changed. A newest message without triage (enrichment off or failed) clears them.
 */
export function applyConversationTriage(state: BatchState): ConversationRow[] {
  const newest = new Map<string, { message: MessageRow; conversation: ConversationRow }>();
  for (const item of state.enrichable) {
    const current = newest.get(item.conversation.id);
    // Threading order is sent time, then arrival: of two messages sent at the same time the later one is newer (so is its id).
    if (current === undefined || item.message.sent_at >= current.message.sent_at) newest.set(item.conversation.id, item);
  }
  const changed: ConversationRow[] = [];
  for (const { message, conversation } of newest.values()) {
    const before = state.conversationsBefore.get(conversation.id)?.last_inbound_at ?? null;
    // A tie with a stored message goes to this one, the message with the greater id, as the inbox's triage summary does.
    if (before !== null && Number(message.sent_at) < Number(before)) continue;
    const next = columnsOf(conversationTriageOf(message.metadata));
    if (conversationTriageColumns.every((column) => sameValue(conversation[column], next[column]))) continue;
    Object.assign(conversation, next);
    changed.push(conversation);
  }
  return changed;
}

/**
 * The batch's edits of customer messages whose new text triage judged differently. Whether each edited message is its
 * conversation's newest customer message is left to the database (the conversation may not even be loaded).
 */
export function editedTriage(state: BatchState): EditedTriage[] {
  const edited: EditedTriage[] = [];
  let knownById: Map<string, KnownMessage> | undefined;
  for (const change of state.messageChanges.values()) {
    if (change.metadata === undefined) continue;
    knownById ??= new Map([...state.known.values()].map((known) => [known.id, known]));
    const known = knownById.get(change.id);
    if (known === undefined || known.direction !== 'inbound') continue;
    const before = columnsOf(conversationTriageOf(known.metadata));
    const after = columnsOf(conversationTriageOf(change.metadata));
    if (conversationTriageColumns.every((column) => sameValue(before[column], after[column]))) continue;
    edited.push({ messageId: change.id, conversationId: change.conversation_id, columns: after });
  }
  return edited;
}

/**
 * Writes the conversation triage that the batch's edits changed, set-based in the batch's transaction: one
 * `UPDATE … FROM (VALUES …)` applied only where the edited message is its conversation's newest customer message.
 * (The triage of the batch's new messages goes into the conversation rows themselves: applyConversationTriage.)
 */
export async function writeEditedTriage(trx: Executor, state: BatchState): Promise<void> {
  const edits = editedTriage(state);
  await updateInParts(trx, edits.map((edit) => [edit.conversationId, ...valuesOf(edit.columns), edit.messageId]));
}

function columnsOf(triage: ConversationTriage | undefined): TriageColumns {
  return {
    sentiment_label: triage?.sentimentLabel ?? null,
    sentiment_score: triage?.sentimentScore ?? null,
    intent_label: triage?.intentLabel ?? null,
    intent_confidence: triage?.intentConfidence ?? null,
    has_personal_data: triage?.personalData === true ? 1 : 0,
  };
}

function valuesOf(columns: TriageColumns): unknown[] {
  return [columns.sentiment_label, columns.sentiment_score, columns.intent_label, columns.intent_confidence, columns.has_personal_data];
}

/** Values a row of the statement binds: the conversation id, the five columns, then the edited message's id. */
const valuesPerRow = 7;
/** Rows per statement, in power-of-two counts so a few prepared statements serve every batch (as bulk-insert does). */
const largestStatementRows = 512;

async function updateInParts(trx: Executor, rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  for (let start = 0; start < rows.length; ) {
    const count = Math.min(largestStatementRows, 2 ** Math.floor(Math.log2(rows.length - start)));
    await trx.executeQuery(CompiledQuery.raw(compiledOnce(trx, `conversation-triage-edit|${count}`, () => compileUpdate(trx, count)), rows.slice(start, start + count).flat()));
    start += count;
  }
}

/** The UPDATE of `count` rows for the connection's dialect. */
function compileUpdate(db: Executor, count: number): string {
  // Placeholders numbered in the order the parameters are bound; VALUES columns are column1, column2, … on both
  // engines, and untyped there (text on PostgreSQL), hence the casts.
  const values = sql.join(Array.from({ length: count }, (_, row) => sql`(${sql.join(Array.from({ length: valuesPerRow }, (__, column) => sql`${row * valuesPerRow + column}`))})`));
  const statement: RawBuilder<unknown> = sql`update conversations set sentiment_label = v.column2, sentiment_score = cast(v.column3 as double precision),
    intent_label = v.column4, intent_confidence = cast(v.column5 as double precision), has_personal_data = cast(v.column6 as integer)
    from (values ${values}) as v where conversations.id = v.column1
    and v.column7 = (select m.id from messages m where m.conversation_id = conversations.id and m.direction = 'inbound' order by m.sent_at desc, m.id desc limit 1)`;
  const compiled = statement.compile(db);
  if (!compiled.parameters.every((value, index) => value === index)) throw new Error('unexpected parameter order compiling the conversation triage update');
  return compiled.sql;
}

/** Stored numbers may come back as strings or with another numeric type (the flag, PostgreSQL's double precision). */
function sameValue(stored: unknown, next: string | number | null): boolean {
  if (stored === null || stored === undefined || next === null) return (stored ?? null) === next;
  return typeof next === 'number' ? Number(stored) === next : stored === next;
}
