/**
 * Prefix of the types of messages between nodes that are not domain events for agents (a web chat reply on its way
 * to the node holding the visitor's socket): they travel on the bus like events but never reach agents' live sockets.
 */
export const internalEventPrefix = 'internal.';

/** A domain event as it travels between nodes and to browsers. */
export interface DomainEvent {
  /** `resource.verb` in the past tense, e.g. `conversation.assigned`; `internal.…` for node-to-node messages. */
  type: string;
  workspaceId: string;
  /** Epoch milliseconds when the change committed. */
  at: number;
  /** The presented object(s) the event is about; never a raw database row. */
  data: Record<string, unknown>;
}

/** Receives events; must not throw. */
export type EventHandler = (event: DomainEvent) => void;

/** Which events a subscriber wants, by workspace and type; a subscriber without one gets every event. */
export type EventInterest = (workspaceId: string, type: string) => boolean;

/** Fans domain events out to every node: an in-process emitter by default, Redis pub/sub when scaled out. */
export interface EventBus {
  readonly driver: 'local' | 'redis';
  /** Publishes events after their transaction committed. */
  publish(events: readonly DomainEvent[]): Promise<void>;
  /** Subscribes to the events of every node (those `interest` accepts, or all); returns the unsubscribe function. */
  subscribe(handler: EventHandler, interest?: EventInterest): () => void;
  /**
   * Whether an event of this workspace and type would reach any subscriber, so a publisher can skip presenting events
   * nobody receives. Always true on Redis: a subscriber of another node may want it.
   */
  hasAudience(workspaceId: string, type: string): boolean;
  close(): Promise<void>;
}
