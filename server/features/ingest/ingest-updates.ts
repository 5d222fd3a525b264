import type { InboundEvent } from '../../../common/inbound.js';
import type { MessageRow } from '../../infra/db/schema.js';
import type { BatchState, EventOutcome } from './ingest-batch.js';
import { accountOf } from './ingest-batch.js';
import { messageKey } from './ingest-lookups.js';

/** The fields of a stored message that an edit, a deletion or a delivery status changes. */
export type MessageChange = Partial<MessageRow> & { id: string; conversation_id: string };

const deliveryRank: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4, received: 0 };

/** Applies edits, author deletions and delivery statuses to messages already known; nothing is ever deleted. */
export function applyUpdateEvents(state: BatchState, events: readonly InboundEvent[], outcomes: EventOutcome[]): void {
  events.forEach((event, index) => {
    if (event.kind === 'message') return;
    const account = accountOf(state, event);
    if (account === undefined) {
      outcomes[index] = { status: 'ignored', reason: `unknown ${event.channel} account "${event.account}"` };
      return;
    }
    const known = state.known.get(messageKey(account.id, event.platformMessageId));
    if (known === undefined) {
      outcomes[index] = { status: 'ignored', reason: `no message ${event.platformMessageId} on this account` };
      return;
    }
    const change: MessageChange = state.messageChanges.get(known.id) ?? { id: known.id, conversation_id: known.conversation_id };
    let changed = false;
    switch (event.kind) {
      case 'edit': {
        if (event.text !== (change.text ?? known.text)) {
          // The text before the edit is kept in the message's history: what a customer wrote is never lost.
          const metadata = JSON.parse(change.metadata ?? known.metadata) as { edits?: Array<{ text: string; replacedAt: number }> };
          metadata.edits = [...(metadata.edits ?? []), { text: change.text ?? known.text, replacedAt: event.editedAt }];
          Object.assign(change, { text: event.text, edited_at: event.editedAt, metadata: JSON.stringify(metadata) } satisfies Partial<MessageRow>);
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
