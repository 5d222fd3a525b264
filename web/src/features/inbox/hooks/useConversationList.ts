import { infiniteQueryOptions, useInfiniteQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTableVersion } from '../../../lib/entity-table';
import { entities, upsertConversations, type ConversationEntity } from '../../../lib/store';
import { prefetchConversation } from '../../conversation/hooks/useConversation';
import { prefetchContact } from '../../profile/hooks/useContact';
import { fetchConversations } from '../api/conversations.api';
import { apiQueryOf, compareConversations, matchesFilter, searchFromFilter, type InboxFilter } from '../inbox-filter';

/** Query key of a filtered conversation list. */
export const conversationListKey = (slug: string, filter: InboxFilter) => ['conversations', slug, searchFromFilter(filter)] as const;

/** A loaded page: the ids in server order (rows live in the entity cache) and when it was asked for. */
interface ListPage {
  ids: string[];
  nextCursor: string | null;
  requestedAt: number;
}

/** The query of a filtered conversation list: pages of ids, rows into the entity cache, the first conversation prefetched. */
export function conversationListQuery(queryClient: QueryClient, slug: string, filter: InboxFilter) {
  return infiniteQueryOptions({
    queryKey: conversationListKey(slug, filter),
    queryFn: async ({ pageParam, signal }): Promise<ListPage> => {
      const requestedAt = Date.now();
      const page = await fetchConversations(slug, apiQueryOf(filter), pageParam, signal);
      upsertConversations(page.items);
      // The inbox opens its first conversation: start loading it now rather than after the next render.
      const first = page.items[0];
      if (pageParam === null && first !== undefined) {
        prefetchConversation(queryClient, slug, first.id);
        prefetchContact(queryClient, slug, first.contactId);
      }
      return { ids: page.items.map((item) => item.id), nextCursor: page.nextCursor, requestedAt };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });
}

/**
 * The ids of a filtered inbox, pages loaded on demand. Rows come from the entity cache, so a websocket change
 * re-sorts, drops (e.g. resolved in an open view) or adds a conversation (a new one that matches) at once.
 */
export function useConversationList(slug: string, filter: InboxFilter, viewerId: string | null) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(conversationListQuery(queryClient, slug, filter));
  const version = useTableVersion(entities.conversations);
  const pages = query.data?.pages;
  const hasNextPage = query.hasNextPage;

  const ids = useMemo(() => {
    void version;
    if (pages === undefined) return [];
    const serverIds = pages.flatMap((page) => page.ids);
    const known = new Set(serverIds);
    const since = pages[0]?.requestedAt ?? 0;
    const rows = serverIds.map((id) => entities.conversations.get(id)).filter((row): row is ConversationEntity => row !== undefined);
    // A text search is the server's to answer; everything else can place live arrivals itself.
    if (filter.q === null || filter.q === '') {
      for (const row of entities.conversations.all()) if (!known.has(row.id) && (row.liveAt ?? 0) > since) rows.push(row);
    }
    const compare = compareConversations(filter.sort);
    const lastLoaded = entities.conversations.get(serverIds.at(-1));
    const visible = rows.filter((row) => matchesFilter(row, filter, viewerId))
      // With more pages to come, a live row that sorts after the loaded ones belongs to a later page.
      .filter((row) => known.has(row.id) || !hasNextPage || lastLoaded === undefined || compare(row, lastLoaded) <= 0);
    return visible.sort(compare).map((row) => row.id);
  }, [pages, version, filter, viewerId, hasNextPage]);

  return { ids, isLoading: query.isLoading, error: query.error, hasNextPage, isFetchingNextPage: query.isFetchingNextPage, fetchNextPage: query.fetchNextPage, refetch: query.refetch };
}
