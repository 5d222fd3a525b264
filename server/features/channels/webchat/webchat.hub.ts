import type { WebSocket } from 'ws';
import type { Logger } from '../../../infra/logger.js';
import type { Metrics } from '../../../infra/metrics.js';
import { beat, watchPongs } from '../../../infra/socket-heartbeat.js';
import type { DomainEvent, EventBus } from '../../../infra/pubsub/pubsub.port.js';
import { webchatDelivery, webchatDeliveryEvent, type WidgetMessage } from './webchat.protocol.js';

/** Timings and limits of the web chat sockets; tests shorten them. */
export interface WebchatOptions {
  /** How often sockets are pinged; one that has not answered the previous ping by then is cut. */
  heartbeatMs: number;
  /** How long a new socket has to say hello. */
  helloTimeoutMs: number;
  /** Largest frame a widget may send, in bytes. */
  maxFrameBytes: number;
  /** Frames of any kind one socket may send per window before it is closed (1008). */
  framesPerWindow: number;
  frameWindowMs: number;
  /** Messages one visitor may send at once, and how often one more is allowed after that. */
  messageBurst: number;
  messageRefillMs: number;
  /** Messages shown on (re)connect. */
  historyLimit: number;
  /** Waits between checks of a reply the widget saw before its send job recorded it as sent. */
  statusRetryMs: readonly number[];
}

/** The defaults: 30 s heartbeat, 16 KB frames, 10 messages at once and one more every 3 s per visitor. */
export const defaultWebchatOptions: WebchatOptions = {
  heartbeatMs: 30_000, helloTimeoutMs: 15_000, maxFrameBytes: 16 * 1024, framesPerWindow: 120, frameWindowMs: 10_000,
  messageBurst: 10, messageRefillMs: 3_000, historyLimit: 100, statusRetryMs: [100, 250, 500, 1_000, 2_000, 4_000, 8_000],
};

/** One visitor's open socket, once it said hello. */
export interface VisitorConnection {
  socket: WebSocket;
  workspaceId: string;
  accountId: string;
  /** The visitor's contact identity on the webchat platform (`visitor:<visitor key>` or `user:<id>`). */
  platformUserId: string;
  /** Pushes a message delivered to this visitor. */
  deliver(message: WidgetMessage): void;
}

/** This node's visitor sockets, fed by one bus subscription, and the per-visitor message budget. */
export interface WebchatHub {
  /** Receives the visitor's messages until the socket closes; returns the function that leaves early. */
  join(connection: VisitorConnection): () => void;
  /** Takes one message from a visitor's budget; says how long to wait when it is spent. */
  takeMessage(visitorKey: string): { ok: true } | { ok: false; retryAfterMs: number };
  count(): number;
  close(): void;
}

export interface WebchatHubDeps {
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
  now(): number;
}

interface Member {
  connection: VisitorConnection;
  alive: boolean;
  left: boolean;
}

interface Bucket {
  tokens: number;
  at: number;
}

const recipientKey = (accountId: string, platformUserId: string) => `${accountId}\n${platformUserId}`;

/** Creates the hub: one bus subscription per node, whatever the number of visitors. */
export function createWebchatHub(deps: WebchatHubDeps, settings: WebchatOptions): WebchatHub {
  const byRecipient = new Map<string, Set<Member>>();
  const workspaces = new Map<string, number>();
  const buckets = new Map<string, Bucket>();

  const unsubscribe = deps.bus.subscribe(deliver, (workspaceId, type) => type === webchatDeliveryEvent && workspaces.has(workspaceId));
  const heartbeat = setInterval(() => beat([...byRecipient.values()].flatMap((set) => [...set]), leave), settings.heartbeatMs);
  heartbeat.unref();
  // Full buckets carry no information: dropping them keeps the map to the visitors who wrote lately.
  const sweep = setInterval(() => {
    for (const [key, bucket] of buckets) if (refill(bucket) >= settings.messageBurst) buckets.delete(key);
  }, Math.max(settings.messageRefillMs * settings.messageBurst, 1_000));
  sweep.unref();

  function deliver(event: DomainEvent): void {
    const parsed = webchatDelivery.safeParse(event.data);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues }, 'dropped an invalid web chat delivery');
      return;
    }
    const { accountId, recipients, message } = parsed.data;
    for (const recipient of recipients) {
      for (const member of [...(byRecipient.get(recipientKey(accountId, recipient)) ?? [])]) {
        if (member.connection.workspaceId !== event.workspaceId) continue;
        try {
          member.connection.deliver(message);
        } catch (error) {
          deps.logger.warn({ err: error }, 'pushing a web chat message failed');
        }
      }
    }
  }

  function leave(member: Member): void {
    if (member.left) return;
    member.left = true;
    const key = recipientKey(member.connection.accountId, member.connection.platformUserId);
    const set = byRecipient.get(key);
    set?.delete(member);
    if (set?.size === 0) byRecipient.delete(key);
    const left = (workspaces.get(member.connection.workspaceId) ?? 1) - 1;
    if (left <= 0) workspaces.delete(member.connection.workspaceId);
    else workspaces.set(member.connection.workspaceId, left);
    deps.metrics.webchatSockets.dec();
  }

  function refill(bucket: Bucket): number {
    const now = deps.now();
    const earned = Math.floor((now - bucket.at) / settings.messageRefillMs);
    if (earned > 0) {
      bucket.tokens = Math.min(settings.messageBurst, bucket.tokens + earned);
      bucket.at = bucket.tokens >= settings.messageBurst ? now : bucket.at + earned * settings.messageRefillMs;
    }
    return bucket.tokens;
  }

  return {
    join(connection) {
      const member: Member = { connection, alive: true, left: false };
      const key = recipientKey(connection.accountId, connection.platformUserId);
      const set = byRecipient.get(key) ?? new Set<Member>();
      set.add(member);
      byRecipient.set(key, set);
      workspaces.set(connection.workspaceId, (workspaces.get(connection.workspaceId) ?? 0) + 1);
      deps.metrics.webchatSockets.inc();
      watchPongs(member);
      connection.socket.once('close', () => leave(member));
      return () => leave(member);
    },
    takeMessage(visitorKey) {
      const bucket = buckets.get(visitorKey) ?? { tokens: settings.messageBurst, at: deps.now() };
      buckets.set(visitorKey, bucket);
      if (refill(bucket) > 0) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.max(1, bucket.at + settings.messageRefillMs - deps.now()) };
    },
    count: () => [...byRecipient.values()].reduce((sum, set) => sum + set.size, 0),
    close() {
      unsubscribe();
      clearInterval(heartbeat);
      clearInterval(sweep);
      for (const member of [...byRecipient.values()].flatMap((set) => [...set])) leave(member);
    },
  };
}
