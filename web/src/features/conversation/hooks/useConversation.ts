import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { ConversationDetail } from '../../../api/types';
import { entities, upsertConversations, upsertMessages } from '../../../lib/store';
import { fetchConversation } from '../api/conversation.api';

/** Query key of one conversation's thread. */
export const conversationKey = (slug: string, id: string) => ['conversation', slug, id] as const;

/** Puts a conversation with its thread into the entity cache; returns its id. */
export function storeConversationDetail(detail: ConversationDetail): string {
  const { conversation, messages, notes } = detail;
  const existing = entities.conversations.get(conversation.id);
  upsertMessages(messages);
  entities.notes.upsert(notes);
  entities.threads.upsert([{ id: conversation.id, messageIds: messages.map((message) => message.id), noteIds: notes.map((note) => note.id) }]);
  const last = messages.at(-1);
  const lastInbound = messages.filter((message) => message.direction === 'inbound').at(-1);
  upsertConversations([{
    contact: existing?.contact ?? { id: conversation.contactId, displayName: null, handle: null },
    lastMessage: last === undefined ? null : { id: last.id, text: last.text.slice(0, 200), direction: last.direction, sentAt: last.sentAt },
    triage: lastInbound?.triage == null ? (existing?.triage ?? null)
      : { sentiment: lastInbound.triage.sentiment.label, intent: lastInbound.triage.intent.decided ? lastInbound.triage.intent.label : null, personalData: lastInbound.triage.personalData },
    ...conversation,
  }]);
  return conversation.id;
}

function detailQuery(slug: string, id: string) {
  return {
    queryKey: conversationKey(slug, id),
    queryFn: async ({ signal }: { signal: AbortSignal }) => storeConversationDetail(await fetchConversation(slug, id, signal)),
    staleTime: 60_000,
  };
}

/** Loads a conversation's thread into the cache (the thread itself is read from the cache). */
export function useConversation(slug: string, id: string | null) {
  return useQuery({ ...detailQuery(slug, id ?? ''), enabled: id !== null });
}

/** Starts loading a conversation before it is opened (the next one in the list, the first after login). */
export function prefetchConversation(queryClient: QueryClient, slug: string, id: string): void {
  void queryClient.prefetchQuery(detailQuery(slug, id));
}
