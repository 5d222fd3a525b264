import type { ApiToken, Contact, ContactNote, Conversation, Member, Message, MessageChange, Note, Queue, Account, ReadState } from '../../api/types';
import {
  addMessageToThread, addNoteToProfile, addNoteToThread, applyContactMergeEvent, applyReadState, entities, rowContactOf, upsertContact, upsertConversations,
} from '../../lib/store';

/** A domain event frame from the live websocket. */
export interface LiveEvent {
  type: string;
  workspaceId: string;
  at: number;
  data: Record<string, unknown>;
}

/** Who is watching: events about one user's own state (read markers) apply only to that user's tabs. */
export interface LiveViewer {
  userId: string | null;
}

/** What the caller still has to do after an event: load a contact the app does not know, or load profiles again. */
export interface LiveFollowUp {
  unknownContactId?: string;
  /** Profiles (by the id they were loaded under) whose conversations and notes changed on the server. */
  staleContactIds?: string[];
}

/** Applies one domain event to the entity cache. */
export function applyLiveEvent(event: LiveEvent, viewer: LiveViewer = { userId: null }): LiveFollowUp {
  const data = event.data;
  switch (event.type) {
    case 'conversation.created':
    case 'conversation.updated':
      return upsertConversation(data.conversation as Conversation);
    case 'conversation.read': {
      // Another tab or device of this user opened (or marked unread) a conversation; other users' markers are theirs.
      const state = data as unknown as ReadState & { userId: string };
      if (viewer.userId !== null && state.userId === viewer.userId) applyReadState(state);
      return {};
    }
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
    case 'contact.updated':
      upsertContact(data.contact as Contact);
      return {};
    case 'contact.merged':
      return { staleContactIds: applyContactMergeEvent(data.contact as Contact, data.mergedContactId as string) };
    case 'contact.note_added':
      addNoteToProfile(data.note as ContactNote);
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

function upsertConversation(conversation: Conversation): LiveFollowUp {
  const existing = entities.conversations.get(conversation.id);
  const liveAt = Date.now();
  const contact = entities.contacts.get(conversation.contactId)?.contact;
  if (existing !== undefined) {
    // A merge moves conversations to another contact: the row names the new one (loaded now if the app has no profile of it).
    const moved = existing.contact.id !== conversation.contactId;
    upsertConversations([{ ...conversation, liveAt, ...(moved && contact !== undefined ? { contact: rowContactOf(contact) } : {}) }]);
    return moved && contact === undefined ? { unknownContactId: conversation.contactId } : {};
  }
  entities.conversations.upsert([{
    ...conversation, liveAt, lastMessage: null, triage: null,
    contact: contact === undefined ? { id: conversation.contactId, displayName: null, handle: null } : rowContactOf(contact),
  }]);
  return contact === undefined ? { unknownContactId: conversation.contactId } : {};
}
