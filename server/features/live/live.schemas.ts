import { z } from 'zod';
import type { DomainEvent } from '../../infra/pubsub/pubsub.port.js';

/** The websocket subprotocol of this API; browsers that authenticate by subprotocol must offer it too. */
export const liveProtocol = 'rapport.v1';
/** Prefix of the subprotocol that carries an API token for clients that cannot set headers: `bearer.<token>`. */
export const bearerProtocolPrefix = 'bearer.';

/** What a client may send: only a keep-alive ping for now. */
export const liveClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping') }),
]);
/** A message from a live client. */
export type LiveClientMessage = z.infer<typeof liveClientMessage>;

/** The first frame of every connection. */
export interface HelloFrame {
  type: 'hello';
  workspaceId: string;
  /** Epoch milliseconds on this node, the same unit as an event's `at`. */
  serverTime: number;
}

/** A domain event as it goes to a browser. */
export interface EventFrame {
  type: string;
  workspaceId: string;
  at: number;
  data: Record<string, unknown>;
}

/** Replies to the client's own messages. */
export type ReplyFrame = { type: 'pong' } | { type: 'error'; code: 'VALIDATION_FAILED'; message: string };

/** The frame of a domain event: only the documented fields, whatever else a bus message carried. */
export function presentLiveEvent(event: DomainEvent): EventFrame {
  return { type: event.type, workspaceId: event.workspaceId, at: event.at, data: event.data };
}
