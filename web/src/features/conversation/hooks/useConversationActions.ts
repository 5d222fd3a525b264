import { useMutation } from '@tanstack/react-query';
import type { Message } from '../../../api/types';
import { addMessageToThread, addNoteToThread, entities, upsertConversations } from '../../../lib/store';
import { addNote, hideMessage, sendReply, updateConversation, type ConversationChange } from '../api/conversation.api';

/** A key that makes one reply's retries idempotent. */
function newIdempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}

/** Changing a conversation, replying, noting and hiding: each response goes straight into the entity cache. */
export function useConversationActions(slug: string, conversationId: string) {
  const update = useMutation({
    mutationFn: (change: ConversationChange) => updateConversation(slug, conversationId, change),
    onSuccess: (conversation) => { if (entities.conversations.get(conversation.id) !== undefined) upsertConversations([conversation]); },
  });
  const note = useMutation({
    mutationFn: (text: string) => addNote(slug, conversationId, text),
    onSuccess: (created) => addNoteToThread(created),
  });
  const reply = useMutation({
    mutationFn: ({ text, visibility, idempotencyKey }: { text: string; visibility: Message['visibility']; idempotencyKey?: string }) =>
      sendReply(slug, conversationId, { text, visibility, idempotencyKey: idempotencyKey ?? newIdempotencyKey() }),
    onSuccess: (message) => addMessageToThread(message, false),
  });
  const hide = useMutation({
    mutationFn: ({ messageId, reason, hidden }: { messageId: string; reason: string; hidden: boolean }) => hideMessage(slug, messageId, reason, hidden),
    onSuccess: (message) => entities.messages.upsert([message]),
  });
  return { update, note, reply, hide };
}
