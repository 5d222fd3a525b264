import type { Account, ApiToken, Contact, ContactDetail, ContactNote, Conversation, ConversationListItem, ConversationSummary, Member, Message, Note, Queue, ReadState } from '../api/types';
import { EntityTable } from './entity-table';

/** A conversation row as the app holds it: the list item, and when a live event last changed it. */
export type ConversationEntity = Omit<ConversationListItem, 'unread'> & {
  /** The server's word from the list, kept current by messages arriving and by marking read; unknown for a row only a live event brought. */
  unread?: boolean;
  /** Epoch ms of the last websocket change; lists add such rows without refetching. */
  liveAt?: number;
};

/** Whether a row is unread for the signed-in user: the server said so, or the customer wrote since it said otherwise. */
export function isUnread(conversation: Pick<ConversationEntity, 'unread' | 'lastInboundAt'>): boolean {
  return conversation.unread ?? conversation.lastInboundAt !== null;
}

/** A conversation's thread: which messages and notes belong to it, oldest first. */
export interface Thread {
  id: string;
  messageIds: string[];
  noteIds: string[];
}

/** A contact's profile keyed by contact id. */
export type ContactEntity = ContactDetail & { id: string };

/** The app's one id-keyed cache of server state, fed by HTTP responses and websocket events. */
export const entities = {
  conversations: new EntityTable<ConversationEntity>(),
  messages: new EntityTable<Message>(),
  notes: new EntityTable<Note>(),
  threads: new EntityTable<Thread>(),
  contacts: new EntityTable<ContactEntity>(),
  members: new EntityTable<Member>(),
  queues: new EntityTable<Queue>(),
  accounts: new EntityTable<Account>(),
  tokens: new EntityTable<ApiToken>(),
};

/** Forgets everything, e.g. when switching workspace or signing out. */
export function resetEntities(): void {
  for (const table of Object.values(entities)) table.clear();
}

const deliveryOrder: Record<Message['deliveryStatus'], number> = { received: 0, queued: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

/**
 * Stores messages without letting an older copy undo a newer one: an HTTP answer can arrive after the websocket
 * already said the same message was sent or delivered, and a delivery status never goes backwards.
 */
export function upsertMessages(messages: readonly Message[]): void {
  entities.messages.upsert(messages.map((message) => {
    const known = entities.messages.get(message.id);
    if (known === undefined || deliveryOrder[known.deliveryStatus] <= deliveryOrder[message.deliveryStatus]) return message;
    return { ...message, deliveryStatus: known.deliveryStatus, deliveryError: known.deliveryError };
  }));
}

/**
 * Stores conversations unless the copy held is newer (by updatedAt), whichever of HTTP and websocket came first. A
 * newer customer message makes a known row unread; the list's own `unread` (read markers live on the server) wins.
 */
export function upsertConversations(conversations: ReadonlyArray<Partial<ConversationEntity> & Conversation>): void {
  const fresher: ConversationEntity[] = [];
  for (const conversation of conversations) {
    const known = entities.conversations.get(conversation.id);
    if (known !== undefined && known.updatedAt > conversation.updatedAt) continue;
    const wroteSince = known !== undefined && conversation.lastInboundAt !== null && (known.lastInboundAt === null || known.lastInboundAt < conversation.lastInboundAt);
    fresher.push((conversation.unread === undefined && wroteSince ? { ...conversation, unread: true } : conversation) as ConversationEntity);
  }
  entities.conversations.upsert(fresher);
}

/** Applies the server's read state of a conversation for the signed-in user. */
export function applyReadState(state: ReadState): void {
  entities.conversations.patch(state.conversationId, { unread: state.unread });
}

/** Who an inbox row names for a contact, as the server's list does: the profile's name, else its oldest identity's name and handle. */
export function rowContactOf(contact: Contact): ConversationSummary['contact'] {
  const oldest = [...contact.identities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  return { id: contact.id, displayName: contact.displayName ?? oldest?.displayName ?? null, handle: oldest?.handle ?? null };
}

/** Shows a contact on the inbox rows of its conversations, and of the conversations of contacts merged into it. */
export function showContactOnRows(contact: Contact, mergedContactIds: readonly string[] = []): void {
  const label = rowContactOf(contact);
  for (const row of entities.conversations.all()) {
    if (row.contactId === contact.id || mergedContactIds.includes(row.contactId)) entities.conversations.patch(row.id, { contactId: contact.id, contact: label });
  }
}

/**
 * Follows a merge of two profiles: the duplicate's id now stands for the survivor, and the conversations loaded for it
 * move over (the server also says so conversation by conversation over the websocket).
 */
export function applyContactMerge(detail: ContactDetail, mergedContactId: string): void {
  entities.contacts.upsert([{ id: detail.contact.id, ...detail }, { id: mergedContactId, ...detail }]);
  showContactOnRows(detail.contact, [mergedContactId]);
}

/**
 * Follows a merge another user made (the `contact.merged` event carries only the survivor): every loaded profile of
 * either contact shows the survivor, and rows move over. Returns the ids of the loaded profiles, whose conversations and
 * notes changed too and need loading again.
 */
export function applyContactMergeEvent(survivor: Contact, mergedContactId: string): string[] {
  const profiles = entities.contacts.all().filter((entity) => entity.id === mergedContactId || entity.contact.id === mergedContactId || entity.contact.id === survivor.id);
  for (const entity of profiles) entities.contacts.patch(entity.id, { contact: survivor });
  showContactOnRows(survivor, [mergedContactId]);
  return profiles.map((entity) => entity.id);
}

/** Adds a message to its conversation's thread (once) and moves the conversation's preview forward. */
export function addMessageToThread(message: Message, live: boolean): void {
  upsertMessages([message]);
  const thread = entities.threads.get(message.conversationId);
  if (thread !== undefined && !thread.messageIds.includes(message.id)) {
    entities.threads.upsert([{ ...thread, messageIds: [...thread.messageIds, message.id] }]);
  }
  const conversation = entities.conversations.get(message.conversationId);
  if (conversation === undefined) return;
  const newer = conversation.lastMessage === null || conversation.lastMessage.sentAt <= message.sentAt;
  entities.conversations.patch(message.conversationId, {
    ...(newer ? { lastMessage: { id: message.id, text: message.text.slice(0, 200), direction: message.direction, sentAt: message.sentAt } } : {}),
    ...(newer && message.triage !== null
      ? { triage: { sentiment: message.triage.sentiment.label, intent: message.triage.intent.decided ? message.triage.intent.label : null, personalData: message.triage.personalData } }
      : {}),
    ...(live ? { liveAt: Date.now() } : {}),
    ...(live && message.direction === 'inbound' ? { unread: true } : {}),
  });
}

/** Adds a note to its conversation's thread (once). */
export function addNoteToThread(note: Note): void {
  entities.notes.upsert([note]);
  const thread = entities.threads.get(note.conversationId);
  if (thread !== undefined && !thread.noteIds.includes(note.id)) entities.threads.upsert([{ ...thread, noteIds: [...thread.noteIds, note.id] }]);
}

/** Puts a changed contact into every loaded profile that shows it (its own id and the ids merged into it) and on its inbox rows. */
export function upsertContact(contact: Contact): void {
  for (const entity of entities.contacts.all()) if (entity.contact.id === contact.id) entities.contacts.patch(entity.id, { contact });
  showContactOnRows(contact);
}

/** Adds a note to the loaded profiles of its contact (once), newest first. */
export function addNoteToProfile(note: ContactNote): void {
  for (const entity of entities.contacts.all()) {
    if (entity.contact.id === note.contactId && !entity.notes.some((known) => known.id === note.id)) entities.contacts.patch(entity.id, { notes: [note, ...entity.notes] });
  }
}
