/**
 * LINE webhook payloads shaped exactly as LINE documents them (docs/CHANNELS.md §7.2: same keys, nesting, types and key
 * order), for the fake, the tests and the demo. Timestamps are epoch milliseconds.
 */
import { randomBytes } from 'node:crypto';

/** One LINE webhook delivery. */
export interface LineWebhookPayload {
  destination: string;
  events: Array<Record<string, unknown>>;
}

/** Where an event happens: a 1:1 chat, a group chat or a multi-person chat. */
export type LineSourceInput =
  | { type: 'user'; userId: string }
  | { type: 'group'; groupId: string; userId?: string }
  | { type: 'room'; roomId: string; userId?: string };

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A webhook event id as LINE sends it: a ULID. */
export function lineWebhookEventId(): string {
  return [...randomBytes(26)].map((byte) => crockford[byte % 32] ?? '0').join('');
}

/** An opaque token of LINE's length and alphabet (reply tokens, quote tokens). */
export function lineToken(length = 32): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/** A LINE user, group or room id: a prefix and 32 hex digits. */
export function lineId(prefix: 'U' | 'C' | 'R', seed: string): string {
  return `${prefix}${Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32)}`;
}

/** Wraps events in a webhook body. */
export function lineWebhook(destination: string, events: Array<Record<string, unknown>>): LineWebhookPayload {
  return { destination, events };
}

/** A `message` event: reply token, mode, time, source, event id, delivery context, then the message itself. */
export function lineMessageEvent(input: { source: LineSourceInput; at: number; message: Record<string, unknown>; replyToken?: string | null; webhookEventId?: string; redelivery?: boolean }): Record<string, unknown> {
  return {
    ...(input.replyToken === null ? {} : { replyToken: input.replyToken ?? lineToken() }),
    type: 'message', mode: 'active', timestamp: input.at, source: input.source,
    webhookEventId: input.webhookEventId ?? lineWebhookEventId(), deliveryContext: { isRedelivery: input.redelivery ?? false },
    message: input.message,
  };
}

/** A text message content (`quoteToken` is required on text; `quotedMessageId` when it quotes another message). */
export function lineText(input: { id: string; text: string; quotedMessageId?: string; quoteToken?: string }): Record<string, unknown> {
  return { id: input.id, type: 'text', quoteToken: input.quoteToken ?? lineToken(40), text: input.text, ...(input.quotedMessageId === undefined ? {} : { quotedMessageId: input.quotedMessageId }) };
}

/** Content of a LINE-hosted image, video or audio (the bytes are fetched from the content API with the channel token). */
export function lineMedia(input: { id: string; type: 'image' | 'video' | 'audio'; duration?: number; externalUrl?: string }): Record<string, unknown> {
  const contentProvider = input.externalUrl === undefined ? { type: 'line' } : { type: 'external', originalContentUrl: input.externalUrl, previewImageUrl: input.externalUrl };
  return { id: input.id, type: input.type, ...(input.type === 'image' ? { quoteToken: lineToken(40) } : {}), ...(input.duration === undefined ? {} : { duration: input.duration }), contentProvider };
}

/** An `unsend` event: the user took back a message they sent. */
export function lineUnsendEvent(input: { source: LineSourceInput; at: number; messageId: string }): Record<string, unknown> {
  return { type: 'unsend', mode: 'active', timestamp: input.at, source: input.source, webhookEventId: lineWebhookEventId(), deliveryContext: { isRedelivery: false }, unsend: { messageId: input.messageId } };
}

/** A `follow` (added as a friend or unblocked) or `unfollow` (blocked) event. */
export function lineFollowEvent(input: { userId: string; at: number; unfollow?: boolean }): Record<string, unknown> {
  const common = { mode: 'active', timestamp: input.at, source: { type: 'user', userId: input.userId }, webhookEventId: lineWebhookEventId(), deliveryContext: { isRedelivery: false } };
  return input.unfollow === true ? { type: 'unfollow', ...common } : { replyToken: lineToken(), type: 'follow', ...common, follow: { isUnblocked: false } };
}

/** A `messageEdited` event with the message's new content (shape as in the official SDK; not in LINE's public reference). */
export function lineMessageEditedEvent(input: { source: LineSourceInput; at: number; message: Record<string, unknown> }): Record<string, unknown> {
  return { type: 'messageEdited', mode: 'active', timestamp: input.at, source: input.source, webhookEventId: lineWebhookEventId(), deliveryContext: { isRedelivery: false }, message: input.message };
}
