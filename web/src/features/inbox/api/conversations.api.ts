import type { ConversationCounts, ConversationListItem, Page, ReadState } from '../../../api/types';
import { apiRequest, queryString } from '../../../lib/http';
import { workspaceApi } from '../../workspace/api/directory.api';

/** One page of conversations. */
export function fetchConversations(slug: string, query: Record<string, string | undefined>, cursor: string | null, signal?: AbortSignal): Promise<Page<ConversationListItem>> {
  return apiRequest('GET', `${workspaceApi(slug)}/conversations${queryString({ ...query, limit: 50, cursor })}`, undefined, signal);
}

/** How many conversations each view and queue holds, and how many are unread for the signed-in user. */
export function fetchConversationCounts(slug: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<ConversationCounts> {
  return apiRequest('GET', `${workspaceApi(slug)}/conversations/counts${queryString(query)}`, undefined, signal);
}

/**
 * Marks a conversation read for the signed-in user, up to the newest customer message the screen showed (none: the
 * epoch), so a message that arrives while the request travels stays unread.
 */
export function markConversationRead(slug: string, id: string, shownLastInboundAt: string | null): Promise<ReadState> {
  return apiRequest('PUT', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}/read`, { upTo: shownLastInboundAt ?? new Date(0).toISOString() });
}

/** Marks a conversation unread again for the signed-in user. */
export function markConversationUnread(slug: string, id: string): Promise<ReadState> {
  return apiRequest('DELETE', `${workspaceApi(slug)}/conversations/${encodeURIComponent(id)}/read`);
}
