import type { QueryClient } from '@tanstack/react-query';
import { prefetchConversation } from '../features/conversation/hooks/useConversation';
import { conversationListQuery } from '../features/inbox/hooks/useConversationList';
import { filterFromSearch } from '../features/inbox/inbox-filter';
import { accountsQuery, membersQuery, queuesQuery } from '../features/workspace/hooks/useDirectory';
import type { Route } from './router';

/**
 * Starts every request an inbox needs at once, before React renders it: the conversation list (which prefetches its
 * first conversation), members, queues, accounts and the open conversation. Called at boot next to GET /me and
 * right after login, so nothing waits for a render or for another response.
 */
export function prefetchRoute(queryClient: QueryClient, route: Route): void {
  if (route.name !== 'inbox') return;
  const { slug } = route;
  void queryClient.prefetchInfiniteQuery(conversationListQuery(queryClient, slug, filterFromSearch(route.search)));
  void queryClient.prefetchQuery(membersQuery(slug));
  void queryClient.prefetchQuery(queuesQuery(slug));
  void queryClient.prefetchQuery(accountsQuery(slug));
  if (route.conversationId !== null) prefetchConversation(queryClient, slug, route.conversationId);
}
