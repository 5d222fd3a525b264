import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Me, Workspace } from '../../../api/types';
import { navigate, paths } from '../../../app/router';
import { useEntity } from '../../../lib/entity-table';
import { errorMessage } from '../../../lib/http';
import { roleCan } from '../../../lib/permissions';
import { entities, isUnread } from '../../../lib/store';
import { ConversationPane, type ConversationPaneHandle } from '../../conversation/components/ConversationPane';
import { prefetchConversation } from '../../conversation/hooks/useConversation';
import { ProfilePanel } from '../../profile/components/ProfilePanel';
import { useAccounts, useMembers, useQueues } from '../../workspace/hooks/useDirectory';
import { countOfView, useConversationCounts } from '../hooks/useConversationCounts';
import { useConversationList } from '../hooks/useConversationList';
import { useInboxKeys } from '../hooks/useInboxKeys';
import { useReadMarker } from '../hooks/useReadMarker';
import { filterFromSearch, intentChoices, searchFromFilter, type InboxFilter } from '../inbox-filter';
import { ConversationList } from './ConversationList';
import { HelpOverlay } from './HelpOverlay';
import { InboxToolbar } from './InboxToolbar';
import { SavedViews } from './SavedViews';

/** The agent's workspace: the filtered live inbox, the open conversation and the customer's profile side by side. */
export function InboxPage({ slug, workspace, me, conversationId, search }: { slug: string; workspace: Workspace; me: Me; conversationId: string | null; search: URLSearchParams }) {
  const queryClient = useQueryClient();
  const searchText = search.toString();
  const filter = useMemo(() => filterFromSearch(new URLSearchParams(searchText)), [searchText]);
  const canonicalSearch = searchFromFilter(filter);
  const viewerId = me.user?.id ?? null;
  const members = useMembers(slug);
  const queues = useQueues(slug);
  useAccounts(slug);
  const list = useConversationList(slug, filter, viewerId);
  const ids = list.ids;
  const selected = useEntity(entities.conversations, conversationId);
  const [help, setHelp] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);
  const pane = useRef<ConversationPaneHandle>(null);
  const lastIndex = useRef(0);
  const counts = useConversationCounts(slug, filter);
  const viewCount = countOfView(counts, filter);
  // Views the server does not count (a search, another agent's work) count the loaded rows instead.
  const loadedUnread = useMemo(() => ids.filter((id) => { const row = entities.conversations.get(id); return row !== undefined && isUnread(row); }).length, [ids]);
  const unreadCount = viewCount?.unread ?? loadedUnread;
  const selectedThread = useEntity(entities.threads, conversationId);
  // Intents a workspace's own model named show up on its conversations; the list changing is when new ones can appear.
  const intents = useMemo(() => {
    void ids;
    return intentChoices(entities.conversations.all().map((row) => row.triage?.intent), filter.intent);
  }, [ids, filter.intent]);

  const hrefOf = useCallback((id: string) => paths.inbox(slug, id, canonicalSearch), [slug, canonicalSearch]);
  const selectedIndex = conversationId === null ? -1 : ids.indexOf(conversationId);
  if (selectedIndex >= 0) lastIndex.current = selectedIndex;

  // The first conversation opens with the inbox (and its neighbours load ahead), so j/k never waits.
  const firstId = ids[0];
  useEffect(() => {
    if (conversationId === null && firstId !== undefined) navigate(hrefOf(firstId), { replace: true });
  }, [conversationId, firstId, hrefOf]);
  // Opening a conversation marks it read on the server; so does a new message arriving while it is open.
  useReadMarker(slug, conversationId, selected?.lastInboundAt, selectedThread !== undefined);
  useEffect(() => {
    for (const neighbour of [ids[selectedIndex + 1], ids[selectedIndex - 1]]) if (neighbour !== undefined) prefetchConversation(queryClient, slug, neighbour);
  }, [ids, selectedIndex, queryClient, slug]);

  function handleFilterChange(next: InboxFilter) {
    navigate(paths.inbox(slug, conversationId, searchFromFilter(next)));
  }

  function move(step: number) {
    const from = selectedIndex >= 0 ? selectedIndex : lastIndex.current - (step > 0 ? 1 : 0);
    const target = ids[Math.min(ids.length - 1, Math.max(0, from + step))];
    if (target !== undefined) navigate(hrefOf(target));
  }

  useInboxKeys({
    next: () => move(1),
    previous: () => move(-1),
    reply: () => pane.current?.reply(),
    note: () => pane.current?.note(),
    resolve: () => pane.current?.resolve(),
    assign: () => pane.current?.assign(),
    search: () => searchInput.current?.focus(),
    help: () => setHelp(true),
    escape: () => {
      if (help) setHelp(false);
      else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    },
  });

  return (
    <div className="inbox">
      <section className="inbox-list" aria-label="Inbox">
        <InboxToolbar filter={filter} members={members} queues={queues} intents={intents} counts={counts} searchRef={searchInput} onChange={handleFilterChange} />
        <SavedViews slug={slug} currentSearch={canonicalSearch} />
        <div className="list-header">
          <span className="muted" role="status" aria-live="polite">
            {list.isLoading ? 'Loading…' : conversationTotal(viewCount?.total ?? ids.length, viewCount === undefined && list.hasNextPage)}
          </span>
          {unreadCount > 0 && <span className="unread-count" data-testid="unread-count">{unreadCount} unread</span>}
          <button type="button" className="button ghost small" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
        </div>
        {list.error !== null && <p className="form-error banner" role="alert">{errorMessage(list.error)}</p>}
        {!list.isLoading && ids.length === 0 && list.error === null && <p className="empty-list muted">Nothing here. {filter.q !== null ? 'Try another search.' : 'New conversations appear as they arrive.'}</p>}
        <ConversationList ids={ids} selectedId={conversationId} hrefOf={hrefOf} hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()} />
      </section>
      {conversationId === null
        ? <section className="pane empty"><p className="muted">{list.isLoading ? 'Loading…' : 'Select a conversation.'}</p></section>
        : <ConversationPane key={conversationId} ref={pane} slug={slug} workspace={workspace} conversationId={conversationId} members={members} queues={queues} viewerId={viewerId} />}
      {selected !== undefined && (
        <ProfilePanel key={selected.contactId} slug={slug} contactId={selected.contactId} currentConversationId={selected.id} timeZone={workspace.timeZone}
          members={members} canWrite={roleCan(workspace.role, 'write')} />
      )}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

function conversationTotal(total: number, more: boolean): string {
  return `${total.toLocaleString()}${more ? '+' : ''} conversation${total === 1 ? '' : 's'}`;
}
