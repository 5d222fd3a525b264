import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { entities, showContactOnRows } from '../../../lib/store';
import { fetchContact } from '../../profile/api/contacts.api';
import { contactKey } from '../../profile/hooks/useContact';
import { applyLiveEvent, type LiveEvent } from '../apply-live-event';

/** Whether the live stream is connected. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const maxBackoffMs = 30_000;
const pingEveryMs = 25_000;

/**
 * Streams the workspace's domain events into the entity cache over the websocket (session cookie, same origin),
 * reconnecting with backoff. After every (re)connect the server's hello means events may have been missed, so data
 * loaded before it is refetched. `viewerId` is the signed-in user: read markers that user set elsewhere apply here.
 */
export function useLiveEvents(slug: string, viewerId: string | null): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    let socket: WebSocket | undefined;
    let attempt = 0;
    let stopped = false;
    let retryTimer: number | undefined;
    let pingTimer: number | undefined;
    let connectStartedAt = 0;
    const pendingContacts = new Set<string>();

    function handleUnknownContact(contactId: string) {
      if (pendingContacts.has(contactId)) return;
      pendingContacts.add(contactId);
      fetchContact(slug, contactId).then((detail) => {
        entities.contacts.upsert([{ id: contactId, ...detail }]);
        showContactOnRows(detail.contact, [contactId]);
      }, () => undefined).finally(() => pendingContacts.delete(contactId));
    }

    function handleMessage(raw: MessageEvent<unknown>) {
      if (typeof raw.data !== 'string') return;
      let frame: { type: string } & Partial<LiveEvent>;
      try {
        frame = JSON.parse(raw.data) as { type: string } & Partial<LiveEvent>;
      } catch {
        return;
      }
      if (frame.type === 'hello') {
        attempt = 0;
        setStatus('live');
        // Data loaded before this connection started may have missed events; what loads from now on cannot.
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] === slug && query.state.dataUpdatedAt > 0 && query.state.dataUpdatedAt < connectStartedAt });
        return;
      }
      if (!frame.type.includes('.') || frame.data === undefined) return;
      const { unknownContactId, staleContactIds } = applyLiveEvent(frame as LiveEvent, { userId: viewerId });
      if (unknownContactId !== undefined) handleUnknownContact(unknownContactId);
      for (const contactId of staleContactIds ?? []) void queryClient.invalidateQueries({ queryKey: contactKey(slug, contactId) });
      if (staleContactIds !== undefined) void queryClient.invalidateQueries({ queryKey: ['contact-search', slug] });
    }

    function connect() {
      connectStartedAt = Date.now();
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${protocol}//${window.location.host}/api/v1/workspaces/${encodeURIComponent(slug)}/live`);
      socket.addEventListener('message', handleMessage);
      socket.addEventListener('close', handleClose);
      pingTimer = window.setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), pingEveryMs);
    }

    function handleClose(event: CloseEvent) {
      window.clearInterval(pingTimer);
      if (stopped) return;
      // 1008: access ended (session expired, membership removed); asking /me again shows the login page if so.
      if (event.code === 1008) void queryClient.invalidateQueries({ queryKey: ['me'] });
      setStatus('reconnecting');
      const delay = Math.min(maxBackoffMs, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      retryTimer = window.setTimeout(connect, delay);
    }

    connect();
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.clearInterval(pingTimer);
      socket?.close(1000, 'leaving');
    };
  }, [slug, viewerId, queryClient]);

  return status;
}
