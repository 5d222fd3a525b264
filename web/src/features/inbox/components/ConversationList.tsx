import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useEntities } from '../../../lib/entity-table';
import { entities, isUnread } from '../../../lib/store';
import { useNow } from '../../../lib/useNow';
import { ConversationRow } from './ConversationRow';

const rowHeight = 88;

/** The virtualised list of conversations: only the rows in view are in the DOM, however long the inbox. */
export function ConversationList({ ids, selectedId, hrefOf, hasNextPage, isFetchingNextPage, onLoadMore }: {
  ids: readonly string[];
  selectedId: string | null;
  hrefOf: (id: string) => string;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useEntities(entities.conversations, ids);
  const now = useNow();
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 10) onLoadMore();
  }, [hasNextPage, isFetchingNextPage, lastIndex, rows.length, onLoadMore]);

  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div className="list-scroller" ref={scroller}>
      <ul className="list" aria-label="Conversations" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <li key={row.id} className="list-item" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}>
              <ConversationRow conversation={row} href={hrefOf(row.id)} selected={row.id === selectedId} unread={row.id !== selectedId && isUnread(row)} assignee={entities.members.get(row.assigneeId)} now={now} />
            </li>
          );
        })}
      </ul>
      {isFetchingNextPage && <p className="list-footer muted" role="status">Loading more…</p>}
    </div>
  );
}
