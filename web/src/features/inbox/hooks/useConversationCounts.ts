import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ConversationCounts, SliceCount } from '../../../api/types';
import { useTableVersion } from '../../../lib/entity-table';
import { entities } from '../../../lib/store';
import { fetchConversationCounts } from '../api/conversations.api';
import { triageQueryOf, type InboxFilter } from '../inbox-filter';

/**
 * How long the counts wait after a change before asking again: a burst of live events costs one request, and steady
 * traffic at most one per interval (a wait restarted by every event would never end on a busy inbox).
 */
const settleMs = 1_000;

/** The filters the counts share with the list: the views and queues are counted within them. */
function countsQueryOf(filter: InboxFilter): Record<string, string | undefined> {
  return {
    status: filter.status.join(','),
    channel: filter.channel.length > 0 ? filter.channel.join(',') : undefined,
    priority: filter.priority.length > 0 ? filter.priority.join(',') : undefined,
    tag: filter.tag ?? undefined,
    ...triageQueryOf(filter),
  };
}

/** Query key of the inbox counts. */
export const conversationCountsKey = (slug: string, filter: InboxFilter) => ['conversation-counts', slug, countsQueryOf(filter)] as const;

/** The server's counts per view and queue, refreshed shortly after conversations change (live or by this user). */
export function useConversationCounts(slug: string, filter: InboxFilter): ConversationCounts | undefined {
  const queryClient = useQueryClient();
  const key = conversationCountsKey(slug, filter);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchConversationCounts(slug, key[2], signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const version = useTableVersion(entities.conversations);
  const countedAt = useRef(version);
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (countedAt.current === version || pending.current !== undefined) return;
    countedAt.current = version;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      void queryClient.invalidateQueries({ queryKey: ['conversation-counts', slug] });
    }, settleMs);
  }, [version, queryClient, slug]);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  return query.data;
}

/**
 * The count of the view a filter shows; undefined where the server's counts do not match the list (an assignee filter,
 * a search, or the waiting order, which leaves out conversations nobody waits on).
 */
export function countOfView(counts: ConversationCounts | undefined, filter: InboxFilter): SliceCount | undefined {
  if (counts === undefined || (filter.q !== null && filter.q !== '') || filter.sort === 'waiting') return undefined;
  switch (filter.view) {
    case 'mine': return counts.mine;
    case 'unassigned': return counts.unassigned;
    case 'queue': return counts.queues.find((queue) => queue.queueId === filter.queueId) ?? { total: 0, unread: 0 };
    case 'all': return filter.assigneeId === null ? counts.all : undefined;
  }
}
