import type { InboundEvent } from '../../../common/inbound.js';
import type { MessageRow } from '../../infra/db/schema.js';
import type { BatchState, EventOutcome } from './ingest-batch.js';
import { accountOf } from './ingest-batch.js';
import { editMessage } from './ingest-edits.js';
import { messageKey } from './ingest-lookups.js';
import { deliveryRank } from './pending-statuses.js';

/** The fields of a stored message that an edit, a deletion or a delivery status changes. */
export type MessageChange = Partial<MessageRow> & { id: string; conversation_id: string };

/**
 * Applies edits, author deletions and delivery statuses to messages already known; nothing is ever deleted. A status
 * whose message is not known yet (the platform reported it before the send stored the id) is deferred, not lost.
 */
export function applyUpdateEvents(state: BatchState, events: readonly InboundEvent[], outcomes: EventOutcome[]): void {
  events.forEach((event, index) => {
    if (event.kind === 'message' || event.kind === 'call') return;
    const account = accountOf(state, event);
    if (account === undefined) {
      outcomes[index] = { status: 'ignored', reason: `unknown ${event.channel} account "${event.account}"` };
      return;
    }
    const known = state.known.get(messageKey(account.id, event.platformMessageId));
    if (known === undefined && event.kind === 'status') {
      state.deferredStatuses.push({ workspaceId: state.workspaceId, accountId: account.id, platformMessageId: event.platformMessageId, status: event.status, error: event.error ?? null, at: event.at });
      outcomes[index] = { status: 'deferred', reason: `no message ${event.platformMessageId} on this account yet: the status is kept and applied when it arrives` };
      return;
    }
    if (known === undefined) {
      outcomes[index] = { status: 'ignored', reason: `no message ${event.platformMessageId} on this account` };
      return;
    }
    const change: MessageChange = state.messageChanges.get(known.id) ?? { id: known.id, conversation_id: known.conversation_id };
    let changed = false;
    switch (event.kind) {
      case 'edit': {
        // The new text is masked and triaged like a new message's; the text it replaces is kept in the message's history.
        const edited = editMessage({ text: change.text ?? known.text, metadata: change.metadata ?? known.metadata }, event, state.editEnrichments.get(index));
        if (edited !== undefined) {
          Object.assign(change, edited);
          changed = true;
        }
        break;
      }
      case 'delete':
        change.deleted_by_author_at = event.deletedAt;
        changed = true;
        break;
      case 'status': {
        const current = change.delivery_status ?? known.delivery_status;
        if ((deliveryRank[event.status] ?? 0) > (deliveryRank[current] ?? 0)) {
          change.delivery_status = event.status;
          change.delivery_error = event.error ?? null;
          changed = true;
        }
        break;
      }
    }
    if (changed) state.messageChanges.set(known.id, change);
    outcomes[index] = { status: changed ? 'updated' : 'duplicate', conversationId: known.conversation_id, messageId: known.id };
  });
}
