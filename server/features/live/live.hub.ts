import type { WebSocket } from 'ws';
import type { Logger } from '../../infra/logger.js';
import type { Metrics } from '../../infra/metrics.js';
import { beat, watchPongs } from '../../infra/socket-heartbeat.js';
import { internalEventPrefix, type DomainEvent, type EventBus } from '../../infra/pubsub/pubsub.port.js';
import { presentLiveEvent } from './live.schemas.js';

/** Timings and limits of the fan-out; tests shorten them. */
export interface LiveHubOptions {
  /** How often sockets are pinged; one that has not answered the previous ping by then is terminated. */
  heartbeatMs: number;
  /** How often each socket's credential and membership are checked again. */
  revalidateMs: number;
  /** Unsent bytes a socket may hold before it is closed with 1013 instead of buffering further. */
  maxBufferedBytes: number;
  /** How long a closing socket gets to finish the close handshake before it is cut. */
  closeGraceMs: number;
}

/** The defaults: 30 s heartbeat, access re-checked every minute, 1 MB of backlog per socket. */
export const defaultLiveHubOptions: LiveHubOptions = { heartbeatMs: 30_000, revalidateMs: 60_000, maxBufferedBytes: 1024 * 1024, closeGraceMs: 2_000 };

/** One open socket of a workspace. */
export interface LiveConnection {
  socket: WebSocket;
  workspaceId: string;
  /** Whether the credential the socket opened with still grants live access; false closes it with 1008. */
  stillAuthorised(): Promise<boolean>;
}

/** This node's live sockets, fed by one bus subscription. */
export interface LiveHub {
  /** Streams the workspace's events to a socket until it closes. */
  join(connection: LiveConnection): void;
  /** Open sockets, of one workspace or in all. */
  count(workspaceId?: string): number;
  /** Stops streaming, closes every socket with 1001 and cuts those that do not finish closing in time. */
  close(): Promise<void>;
}

/** What the hub needs from the process. */
export interface LiveHubDeps {
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
}

interface Member {
  connection: LiveConnection;
  alive: boolean;
  left: boolean;
}

/** Creates the hub and subscribes it to the bus: one subscription per node, whatever the number of sockets. */
export function createLiveHub(deps: LiveHubDeps, options: Partial<LiveHubOptions> = {}): LiveHub {
  const settings = { ...defaultLiveHubOptions, ...options };
  const byWorkspace = new Map<string, Set<Member>>();
  let closing: Promise<void> | undefined;
  const unsubscribe = deps.bus.subscribe(deliver, (workspaceId, type) => byWorkspace.has(workspaceId) && !type.startsWith(internalEventPrefix));
  const heartbeat = setInterval(() => beat(members(), leave), settings.heartbeatMs);
  const revalidation = setInterval(() => void revalidate(), settings.revalidateMs);
  heartbeat.unref();
  revalidation.unref();
  let revalidating = false;

  function members(): Member[] {
    return [...byWorkspace.values()].flatMap((set) => [...set]);
  }

  function deliver(event: DomainEvent): void {
    const audience = byWorkspace.get(event.workspaceId);
    if (audience === undefined) return;
    // Serialised once per event, not once per socket.
    const frame = JSON.stringify(presentLiveEvent(event));
    for (const member of [...audience]) send(member, frame);
  }

  function send(member: Member, frame: string): void {
    const { socket } = member.connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > settings.maxBufferedBytes) {
      deps.logger.warn({ workspaceId: member.connection.workspaceId, bufferedBytes: socket.bufferedAmount }, 'closing a live socket that fell behind');
      drop(member, 1013, 'Too far behind; reconnect and reload');
      return;
    }
    socket.send(frame);
  }

  function leave(member: Member): void {
    if (member.left) return;
    member.left = true;
    const audience = byWorkspace.get(member.connection.workspaceId);
    audience?.delete(member);
    if (audience?.size === 0) byWorkspace.delete(member.connection.workspaceId);
    deps.metrics.websocketClients.dec();
  }

  function drop(member: Member, code: number, reason: string): void {
    leave(member);
    void closeWithin(member.connection.socket, code, reason, settings.closeGraceMs);
  }

  async function revalidate(): Promise<void> {
    if (revalidating) return;
    revalidating = true;
    try {
      // One socket at a time, so that a node with many sockets does not burst its database pool.
      for (const member of members()) {
        if (member.left) continue;
        const allowed = await member.connection.stillAuthorised().catch((error: unknown) => {
          deps.logger.warn({ err: error, workspaceId: member.connection.workspaceId }, 'could not re-check live access; keeping the socket');
          return true;
        });
        if (!allowed) drop(member, 1008, 'Access ended; sign in again');
      }
    } finally {
      revalidating = false;
    }
  }

  return {
    join(connection) {
      if (closing !== undefined) {
        void closeWithin(connection.socket, 1001, 'Server shutting down', settings.closeGraceMs);
        return;
      }
      const member: Member = { connection, alive: true, left: false };
      const audience = byWorkspace.get(connection.workspaceId) ?? new Set<Member>();
      audience.add(member);
      byWorkspace.set(connection.workspaceId, audience);
      deps.metrics.websocketClients.inc();
      watchPongs(member);
      connection.socket.once('close', () => leave(member));
    },
    count(workspaceId) {
      if (workspaceId !== undefined) return byWorkspace.get(workspaceId)?.size ?? 0;
      return members().length;
    },
    close() {
      closing ??= (async () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(revalidation);
        const open = members();
        for (const member of open) leave(member);
        await Promise.all(open.map((member) => closeWithin(member.connection.socket, 1001, 'Server shutting down', settings.closeGraceMs)));
      })();
      return closing;
    },
  };
}

/** Starts the close handshake and terminates the socket if it has not finished within the grace period. */
function closeWithin(socket: WebSocket, code: number, reason: string, graceMs: number): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cut = setTimeout(() => socket.terminate(), graceMs);
    cut.unref();
    socket.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  });
}
