import type { Executor } from '../../app-context.js';
import { insertRows } from '../../infra/db/bulk-insert.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import type { BatchState } from './ingest-batch.js';
import { applyConversationTriage, conversationTriageColumns, writeEditedTriage } from './conversation-triage.js';

/** What ingest changes on a conversation that already exists. */
const conversationChanges = [
  'status', 'priority', 'first_inbound_at', 'first_response_at', 'resolved_at', 'snoozed_until', 'last_message_at', 'last_inbound_at', 'waiting_since',
  'message_count', 'updated_at', ...conversationTriageColumns,
] as const;
/** What a platform's newer profile changes on a known identity. */
const identityChanges = ['handle', 'display_name', 'followers', 'verified', 'updated_at'] as const;

/**
 * Existing conversations the batch changed, grouped by the columns that changed: an upsert that sets only those leaves
 * the indexes of the others alone (a reply moves the recency indexes, not the contact's or the waiting one).
 */
function changedConversations(state: BatchState): Array<{ columns: string[]; rows: ConversationRow[] }> {
  const groups = new Map<string, { columns: string[]; rows: ConversationRow[] }>();
  for (const [id, before] of state.conversationsBefore) {
    const row = state.conversations.get(id);
    if (row === undefined) continue;
    const columns = conversationChanges.filter((column) => row[column] !== before[column]);
    if (columns.length === 0) continue;
    const key = columns.join(',');
    const group = groups.get(key) ?? { columns, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Writes the contacts, identities and conversations a batch created and changed (bulk inserts, and upserts for changes),
 * once enrichment has been applied: each conversation row is written once, with its final priority and triage.
 */
export async function writeThreads(trx: Executor, state: BatchState): Promise<void> {
  applyConversationTriage(state);
  await insertRows(trx, 'contacts', state.newContacts);
  await insertRows(trx, 'contact_identities', state.newIdentities);
  const newConversations = [...state.newConversationIds].map((id) => state.conversations.get(id)).filter((row) => row !== undefined);
  await insertRows(trx, 'conversations', newConversations);
  // Rows that already exist change through multi-row upserts instead of one UPDATE each: same rows, far fewer statements.
  await insertRows(trx, 'contact_identities', [...state.changedIdentities.values()], { key: 'id', update: identityChanges });
  for (const { columns, rows } of changedConversations(state)) await insertRows(trx, 'conversations', rows, { key: 'id', update: columns });
}

/** Writes a batch's new messages and message changes, and the conversation triage that edits changed. */
export async function writeMessages(trx: Executor, state: BatchState): Promise<void> {
  await insertRows(trx, 'messages', state.newMessages);
  await writeEditedTriage(trx, state);
  for (const change of state.messageChanges.values()) {
    const { id, conversation_id: _conversation, ...patch } = change;
    await trx.updateTable('messages').set(patch).where('id', '=', id).execute();
  }
}
