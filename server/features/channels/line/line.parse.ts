import type { Attachment, InboundEventInput } from '../../../../common/inbound.js';
import type { ChannelAccountRef, ParseResult } from '../channel.port.js';
import { accountFields, addEvent, addUnrecognised, boundedText, finishCollecting, readPart, startCollecting, storableUrl, type ParseCollector } from '../parse-support.js';
import { lineEvent, lineMessageContent, lineWebhookBody, type LineEvent, type LineMessageContent, type LineSource } from './line.schemas.js';

/**
 * Event types a care team does not act on, recognised and skipped: Rapport has no event kind for a follow, a block or
 * a member joining, and the rest concern beacons, modules, memberships and account state.
 */
const ignoredTypes = new Set([
  'follow', 'unfollow', 'join', 'leave', 'memberJoined', 'memberLeft', 'videoPlayComplete', 'beacon', 'accountLink', 'things',
  'membership', 'module', 'activated', 'deactivated', 'botSuspended', 'botResumed', 'delivery', 'pnpDelivery', 'chatControl',
]);

/** The chat an event happened in: who to push to, whether others see it, and who wrote. */
export interface LineChat {
  /** The push target: the user id of a 1:1 chat, the group id or the room id. */
  to: string;
  visibility: 'public' | 'private';
  /** The author: the user id, or the group/room id when LINE does not share who wrote in a group. */
  authorId: string;
}

/** Reads an event source; group and room chats are public (other members see them), 1:1 chats are private. */
export function chatOf(source: LineSource | undefined): LineChat | undefined {
  if (source?.type === 'user' && source.userId !== undefined) return { to: source.userId, visibility: 'private', authorId: source.userId };
  const shared = source?.type === 'group' ? source.groupId : source?.type === 'room' ? source.roomId : undefined;
  if (shared === undefined) return undefined;
  return { to: shared, visibility: 'public', authorId: source?.userId ?? shared };
}

/** Turns one LINE webhook body into events of the account; pure, so replaying a stored payload gives the same events. */
export function parseLinePayload(payload: unknown, account: ChannelAccountRef): ParseResult {
  const collector = startCollecting(account);
  const body = readPart(collector, 'payload', lineWebhookBody, payload);
  if (body === undefined) return finishCollecting(collector);
  const own = account.platform_account_id;
  if (own !== null && body.destination !== own) {
    addUnrecognised(collector, 'destination', `events for bot ${body.destination}, not this account's ${own}`);
    return finishCollecting(collector);
  }
  body.events.forEach((raw, index) => parseEvent(collector, `events[${index}]`, raw));
  return finishCollecting(collector);
}

function parseEvent(collector: ParseCollector, where: string, raw: unknown): void {
  const event = readPart(collector, where, lineEvent, raw);
  if (event === undefined || ignoredTypes.has(event.type)) return;
  const at = new Date(event.timestamp).toISOString();
  const base = accountFields(collector);
  switch (event.type) {
    case 'message':
      return parseMessage(collector, where, event, at);
    case 'unsend':
      if (event.unsend === undefined) return addUnrecognised(collector, where, 'unsend event without unsend.messageId');
      return addEvent(collector, where, { kind: 'delete', ...base, platformMessageId: event.unsend.messageId, deletedAt: at });
    case 'messageEdited': {
      // Shape as the SDK's messageEdited (a message object with the new content); only text can change.
      const message = readPart(collector, `${where}.message`, lineMessageContent, event.message);
      if (message?.type !== 'text') return;
      return addEvent(collector, where, { kind: 'edit', ...base, platformMessageId: message.id, text: boundedText(message.text), editedAt: at });
    }
    case 'postback': {
      const chat = chatOf(event.source);
      if (chat === undefined || event.postback === undefined || event.webhookEventId === undefined) return addUnrecognised(collector, where, 'postback without source, data or webhookEventId');
      return addEvent(collector, where, {
        kind: 'message', ...base, platformMessageId: `postback:${event.webhookEventId}`, visibility: chat.visibility,
        author: { platformUserId: chat.authorId }, text: boundedText(event.postback.data), sentAt: at,
      });
    }
    default:
      return addUnrecognised(collector, where, `event type "${event.type}" is not handled`);
  }
}

function parseMessage(collector: ParseCollector, where: string, event: LineEvent, at: string): void {
  const message = readPart(collector, `${where}.message`, lineMessageContent, event.message);
  if (message === undefined) return;
  const chat = chatOf(event.source);
  if (chat === undefined) return addUnrecognised(collector, where, 'message event without a user, group or room source');
  const content = contentOf(message);
  if (content === undefined) return addUnrecognised(collector, `${where}.message`, `message type "${message.type}" is not handled`);
  const input: InboundEventInput = {
    kind: 'message', ...accountFields(collector), platformMessageId: message.id, visibility: chat.visibility,
    author: { platformUserId: chat.authorId },
    ...(message.quotedMessageId === undefined ? {} : { parentPlatformId: message.quotedMessageId }),
    text: boundedText(content.text), attachments: content.attachments, sentAt: at,
  };
  addEvent(collector, where, input);
}

const mediaTypes: Record<string, Attachment['type']> = { image: 'image', video: 'video', audio: 'audio' };

/** What a message shows an agent: its text and the metadata of what it carries (the bytes stay on LINE's content API). */
function contentOf(message: LineMessageContent): { text: string; attachments: Attachment[] } | undefined {
  switch (message.type) {
    case 'text':
      return { text: message.text ?? '', attachments: [] };
    case 'image': case 'video': case 'audio': {
      // Content LINE hosts needs the channel token to download; only an external provider's URL is a link.
      const url = message.contentProvider?.type === 'external' ? storableUrl(message.contentProvider.originalContentUrl) : undefined;
      return { text: '', attachments: [{ type: mediaTypes[message.type] ?? 'file', ...(url === undefined ? {} : { url }) }] };
    }
    case 'file':
      return {
        text: '',
        attachments: [{ type: 'file', ...(message.fileName === undefined ? {} : { name: message.fileName.slice(0, 300) }), ...(message.fileSize === undefined ? {} : { sizeBytes: message.fileSize }) }],
      };
    case 'location': {
      if (message.latitude === undefined || message.longitude === undefined) return undefined;
      const label = [message.title, message.address].filter((part) => part !== undefined && part !== '').join(', ');
      return { text: label, attachments: [{ type: 'location', latitude: message.latitude, longitude: message.longitude, ...(label === '' ? {} : { name: label.slice(0, 300) }) }] };
    }
    case 'sticker': {
      const keywords = (message.keywords ?? []).slice(0, 5).join(', ');
      return {
        text: message.text ?? '',
        attachments: [{ type: 'sticker', name: `LINE sticker ${message.packageId ?? '?'}/${message.stickerId ?? '?'}`, ...(keywords === '' ? {} : { caption: keywords }) }],
      };
    }
    default:
      return undefined;
  }
}

/** What a stored webhook says about one customer message: its chat, its reply token and when it was sent. */
export interface LineReplySource {
  chat: LineChat;
  replyToken: string | undefined;
  quoteToken: string | undefined;
  /** When the event happened (ms): reply tokens are short-lived from then. */
  at: number;
}

/** Finds the message event of `messageId` in a stored webhook body; undefined when it is not there. */
export function findReplySource(payload: unknown, messageId: string): LineReplySource | undefined {
  const body = lineWebhookBody.safeParse(payload);
  if (!body.success) return undefined;
  for (const raw of body.data.events) {
    const event = lineEvent.safeParse(raw);
    if (!event.success || event.data.type !== 'message') continue;
    const message = lineMessageContent.safeParse(event.data.message);
    const chat = chatOf(event.data.source);
    if (!message.success || message.data.id !== messageId || chat === undefined) continue;
    return { chat, replyToken: event.data.replyToken, quoteToken: message.data.quoteToken, at: event.data.timestamp };
  }
  return undefined;
}
