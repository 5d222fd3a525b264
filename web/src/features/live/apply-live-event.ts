import type { ApiToken, Conversation, Member, Message, MessageChange, Note, Queue, Account } from '../../api/types';
import { addMessageToThread, addNoteToThread, entities, upsertConversations } from '../../lib/store';

/** A domain event frame from the live websocket. */
export interface LiveEvent {
  type: string;
  workspaceId: string;
  at: number;
  data: Record<string, unknown>;
}

/** Applies one domain event to the entity cache; returns the id of a contact the app does not know yet. */
export function applyLiveEvent(event: LiveEvent): { unknownContactId?: string } {
  const data = event.data;
  switch (event.type) {
    case 'conversation.created':
    case 'conversation.updated':
      return upsertConversation(data.conversation as Conversation);
    case 'message.received':
    case 'message.echoed':
    case 'message.queued':
      addMessageToThread(data.message as Message, true);
      return {};
    case 'message.updated': {
      const change = data.message as MessageChange;
      entities.messages.patch(change.id, change);
      return {};
    }
    case 'note.added':
      addNoteToThread(data.note as Note);
      return {};
    case 'user.added':
    case 'user.updated':
      entities.members.upsert([data.user as Member]);
      return {};
    case 'queue.created':
    case 'queue.updated':
      entities.queues.upsert([data.queue as Queue]);
      return {};
    case 'account.created':
      entities.accounts.upsert([data.account as Account]);
      return {};
    case 'token.created':
    case 'token.revoked':
      entities.tokens.upsert([data.token as ApiToken]);
      return {};
    default:
      return {};
  }
}

function upsertConversation(conversation: Conversation): { unknownContactId?: string } {
  const existing = entities.conversations.get(conversation.id);
  const liveAt = Date.now();
  if (existing !== undefined) {
    upsertConversations([{ ...conversation, liveAt }]);
    return {};
  }
  const contact = entities.contacts.get(conversation.contactId)?.contact;
  entities.conversations.upsert([{
    ...conversation, liveAt, lastMessage: null, triage: null,
    contact: { id: conversation.contactId, displayName: contact?.displayName ?? null, handle: contact?.identities[0]?.handle ?? null },
  }]);
  return contact === undefined ? { unknownContactId: conversation.contactId } : {};
}
