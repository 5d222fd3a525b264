import type { Conversation, ConversationDetail, Message, Note } from '../../../api/types';
import { apiRequest } from '../../../lib/http';
import { workspaceApi } from '../../workspace/api/directory.api';

/** A conversation with its messages and notes. */
export function fetchConversation(slug: string, id: string, signal?: AbortSignal): Promise<ConversationDetail> {
  return apiRequest('GET', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}`, undefined, signal);
}

/** The changes an agent can make to a conversation. */
export interface ConversationChange {
  status?: Conversation['status'];
  priority?: Conversation['priority'];
  queueId?: string | null;
  assigneeId?: string | null;
  addTags?: string[];
  removeTags?: string[];
  snoozedUntil?: string;
}

/** Changes status, priority, queue, assignee, tags or snooze. */
export function updateConversation(slug: string, id: string, change: ConversationChange): Promise<Conversation> {
  return apiRequest('PATCH', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}`, change);
}

/** Adds an internal note. */
export function addNote(slug: string, id: string, text: string): Promise<Note> {
  return apiRequest('POST', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}/notes`, { text });
}

/** Queues a reply; the idempotency key makes a retried request safe. */
export function sendReply(slug: string, id: string, reply: { text: string; visibility: Message['visibility']; idempotencyKey: string }): Promise<Message> {
  return apiRequest('POST', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}/replies`, reply);
}

/** Hides (or shows again) a public comment on its platform, with a reason. */
export function hideMessage(slug: string, id: string, reason: string, hidden: boolean): Promise<Message> {
  return apiRequest('POST', `${workspaceApi(slug)}/messages/${encodeURIComponent(id)}/hide`, { reason, hidden });
}
