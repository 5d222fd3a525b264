/**
 * The web chat widget's websocket protocol: `GET /webchat/socket?account=<account id>`, JSON text frames.
 *
 * The upgrade is refused with problem+json before any frame: 404 an unknown account, 403 a page whose Origin is not
 * one of the account's allowed origins (or no Origin at all).
 *
 * Client → server:
 * - first `{ "type": "hello", "visitorId"?, "user"?: { "id"?, "hash"?, "name"?, "email"? } }`: `visitorId` is the
 *   anonymous id the server issued before (kept in the browser's localStorage; it is what gives an anonymous visitor
 *   their history, so Rapport stores only its hash); `user.hash` is the hex HMAC-SHA256 of
 *   `user.id` with the account's identity secret, computed by the brand's server. A valid hash makes the visitor that
 *   verified user (the same contact on every device); a wrong one is refused (error IDENTITY_REJECTED, close 4001),
 *   never downgraded to anonymous; without a hash the visitor is anonymous (name and email shown unverified).
 * - `{ "type": "message", "clientId", "text" }`: `clientId` is the widget's own id of the message, so a resend after a
 *   reconnect is recognised and stored once. Acknowledged with `{ "type": "ack", "clientId" }` once durably recorded.
 * - `{ "type": "delivered" | "read", "ids": [message id, …] }`: the widget received / showed agent messages.
 * - `{ "type": "ping" }` → `{ "type": "pong" }`.
 *
 * Server → client:
 * - `{ "type": "welcome", "visitorId", "verified", "brand", "maxChars", "history": [WidgetMessage…] }` after hello;
 * - `{ "type": "message", "message": WidgetMessage }`: an agent's reply, or the visitor's own message from another tab or device;
 * - `{ "type": "ack", "clientId" }`;
 * - `{ "type": "error", "code", "message", "clientId"?, "retryAfterMs"? }`: codes IDENTITY_REJECTED, VALIDATION_FAILED,
 *   MESSAGE_TOO_LONG, EMPTY_MESSAGE, RATE_LIMITED (retry after retryAfterMs), UNAVAILABLE (retry later).
 *
 * Close codes: 1001 server shutting down; 1003 not a JSON text frame; 1008 no hello in time or too many frames;
 * 1009 a frame over the size limit; 4001 identity rejected (do not reconnect with the same identity).
 */
import { z } from 'zod';

/** A visitor id the server issued: 22–64 URL-safe characters (the server issues 24). */
export const visitorIdPattern = /^[A-Za-z0-9_-]{22,64}$/;
/** The widget's id of one of its messages. */
export const clientIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((value) => (value === '' ? undefined : value));

export const helloFrame = z.strictObject({
  type: z.literal('hello'),
  visitorId: z.string().regex(visitorIdPattern).optional(),
  user: z.strictObject({
    id: optionalText(200),
    hash: optionalText(200),
    name: optionalText(200),
    email: optionalText(254),
  }).optional(),
});
export type HelloFrame = z.infer<typeof helloFrame>;

/** Every frame a widget may send. Text is checked by the session, so its errors name the message at fault. */
export const clientFrame = z.discriminatedUnion('type', [
  helloFrame,
  z.strictObject({ type: z.literal('message'), clientId: z.string().regex(clientIdPattern), text: z.string() }),
  z.strictObject({ type: z.enum(['delivered', 'read']), ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

/** One message as the widget shows it: text only. */
export const widgetMessage = z.strictObject({
  id: z.string(),
  /** The widget's id of a visitor's message, so the widget can match it with the one it sent. */
  clientId: z.string().optional(),
  from: z.enum(['visitor', 'agent']),
  text: z.string(),
  sentAt: z.string(),
  status: z.string(),
});
export type WidgetMessage = z.infer<typeof widgetMessage>;

export type ErrorCode = 'IDENTITY_REJECTED' | 'VALIDATION_FAILED' | 'MESSAGE_TOO_LONG' | 'EMPTY_MESSAGE' | 'RATE_LIMITED' | 'UNAVAILABLE';

export type ServerFrame =
  | { type: 'welcome'; visitorId: string; verified: boolean; brand: string; maxChars: number; history: WidgetMessage[] }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'ack'; clientId: string }
  | { type: 'error'; code: ErrorCode; message: string; clientId?: string; retryAfterMs?: number }
  | { type: 'pong' };

/** The close code of a refused identity: the widget must not reconnect with it. */
export const identityRejectedClose = 4001;

/**
 * The node-to-node message that carries a web chat message to the sockets of its visitor, wherever they are connected:
 * published on the event bus. Its type starts with `internal.`, so it never reaches agents' live sockets.
 */
export const webchatDeliveryEvent = 'internal.webchat.message';

export const webchatDelivery = z.object({
  accountId: z.string(),
  /** The visitor identities (`visitor:<visitor key>`, `user:<id>`) of the conversation's contact. */
  recipients: z.array(z.string()).max(100),
  message: widgetMessage,
});
export type WebchatDelivery = z.infer<typeof webchatDelivery>;

/** The platform message id of a visitor's message: unique per visitor (its key, the hashed id) and widget message id. */
export const visitorMessageId = (visitorKey: string, clientId: string) => `${visitorKey}:${clientId}`;

/** The widget's id back out of a visitor message's platform id. */
export function clientIdOf(platformMessageId: string | null): string | undefined {
  if (platformMessageId === null) return undefined;
  const at = platformMessageId.indexOf(':');
  return at < 0 ? undefined : platformMessageId.slice(at + 1);
}
