import { useEffect } from 'react';
import { applyReadState, entities } from '../../../lib/store';
import { markConversationRead } from '../api/conversations.api';

/**
 * Marks the open conversation read on the server once its thread is on screen, and again whenever a new customer
 * message arrives while it stays open; the server's answer updates the row and, through it, the counts.
 */
export function useReadMarker(slug: string, conversationId: string | null, shownLastInboundAt: string | null | undefined, threadShown: boolean): void {
  useEffect(() => {
    if (conversationId === null || shownLastInboundAt === undefined || !threadShown) return;
    // Optimistic: the row stops looking unread at once; the server's answer confirms it (or says a newer message came).
    entities.conversations.patch(conversationId, { unread: false });
    markConversationRead(slug, conversationId, shownLastInboundAt).then(applyReadState, () => undefined);
  }, [slug, conversationId, shownLastInboundAt, threadShown]);
}
