import type { z } from 'zod';
import type { Attachment } from '../../../../common/inbound.js';
import { accountFields, addEvent, addUnrecognised, boundedText, isoFromEpoch, readPart, storableUrl, type ParseCollector } from '../parse-support.js';
import { messagingEvent, messengerMessage, type MessagingEvent } from './meta.schemas.js';

/** Prefix of the `message.metadata` Rapport sends with each Messenger message, so its echo is known as Rapport's own. */
export const rapportEchoPrefix = 'rapport:';

/** Messaging events a care team does not act on: recognised, deliberately skipped. */
const ignoredKinds = [
  'reaction', 'optin', 'referral', 'account_linking', 'policy_enforcement', 'pass_thread_control', 'take_thread_control',
  'request_thread_control', 'app_roles', 'messaging_feedback', 'game_play', 'response_feedback',
];

/** Where a messaging event sits and whose account it is on: the brand's id is the page or Instagram account id. */
export interface MessagingPlace {
  where: string;
  brandId: string | undefined;
  /** The entry's `time`, used when an event has no timestamp of its own. */
  entryTime: number | undefined;
}

/** Reads one Messenger or Instagram `messaging[]` event: messages, echoes, edits, unsends, postbacks, deliveries and reads. */
export function parseMessagingEvent(collector: ParseCollector, place: MessagingPlace, raw: unknown): void {
  const item = readPart(collector, place.where, messagingEvent, raw);
  if (item === undefined) return;
  if (item.timestamp === undefined && place.entryTime === undefined) return addUnrecognised(collector, place.where, 'event without timestamp');
  const at = isoFromEpoch(item.timestamp ?? place.entryTime ?? 0);
  const base = accountFields(collector);
  if (item.message !== undefined) return parseMessage(collector, place, item, at);
  if (item.message_edit !== undefined) {
    return addEvent(collector, place.where, { kind: 'edit', ...base, platformMessageId: item.message_edit.mid, text: boundedText(item.message_edit.text), editedAt: at });
  }
  if (item.postback !== undefined) {
    const sender = item.sender?.id;
    if (sender === undefined) return addUnrecognised(collector, place.where, 'postback without sender.id');
    const id = item.postback.mid ?? `postback:${sender}:${item.timestamp ?? 0}`;
    return addEvent(collector, place.where, {
      kind: 'message', ...base, platformMessageId: id, visibility: 'private', author: { platformUserId: sender }, text: boundedText(item.postback.title ?? item.postback.payload), sentAt: at,
    });
  }
  if (item.delivery !== undefined) {
    for (const mid of item.delivery.mids ?? []) addEvent(collector, place.where, { kind: 'status', ...base, platformMessageId: mid, status: 'delivered', at });
    return;
  }
  if (item.read !== undefined) {
    // Messenger reads carry only a watermark (no message ids); Instagram's messaging_seen names the message.
    if (item.read.mid !== undefined) addEvent(collector, place.where, { kind: 'status', ...base, platformMessageId: item.read.mid, status: 'read', at });
    return;
  }
  if (ignoredKinds.some((kind) => kind in item)) return;
  addUnrecognised(collector, place.where, `messaging event with keys ${Object.keys(item).slice(0, 8).join(', ')} is not handled`);
}

function parseMessage(collector: ParseCollector, place: MessagingPlace, item: MessagingEvent, at: string): void {
  const message = readPart(collector, `${place.where}.message`, messengerMessage, item.message);
  if (message === undefined) return;
  const base = accountFields(collector);
  const sender = item.sender?.id;
  const recipient = item.recipient?.id;
  if (sender === undefined) return addUnrecognised(collector, place.where, 'message without sender.id');
  if (message.is_deleted === true) return addEvent(collector, place.where, { kind: 'delete', ...base, platformMessageId: message.mid, deletedAt: at });
  const fromBrand = message.is_echo === true || (place.brandId !== undefined && sender === place.brandId);
  // Rapport's own sends come back as echoes carrying our metadata: the send job already recorded them.
  if (fromBrand && message.metadata?.startsWith(rapportEchoPrefix) === true) return;
  if (fromBrand && recipient === undefined) return addUnrecognised(collector, place.where, 'echo without recipient.id');
  addEvent(collector, place.where, {
    kind: 'message', ...base, platformMessageId: message.mid, visibility: 'private',
    direction: fromBrand ? 'outbound' : 'inbound',
    author: { platformUserId: sender },
    ...(fromBrand && recipient !== undefined ? { recipient: { platformUserId: recipient } } : {}),
    ...(message.reply_to?.mid === undefined ? {} : { parentPlatformId: message.reply_to.mid }),
    text: boundedText(message.text),
    attachments: (message.attachments ?? []).slice(0, 20).map(toAttachment),
    sentAt: at,
  });
}

const attachmentTypes: Record<string, Attachment['type']> = { image: 'image', video: 'video', audio: 'audio', file: 'file', location: 'location', sticker: 'sticker' };

function toAttachment(attachment: NonNullable<z.infer<typeof messengerMessage>['attachments']>[number]): Attachment {
  const coordinates = attachment.payload?.coordinates;
  const url = storableUrl(attachment.payload?.url);
  const title = attachment.title ?? attachment.payload?.title;
  return {
    type: attachmentTypes[attachment.type] ?? 'file',
    ...(url === undefined ? {} : { url }),
    // Shares, reels and posts have no file: their kind is kept as the name so an agent sees what was sent.
    ...(attachmentTypes[attachment.type] === undefined ? { name: (title ?? attachment.type).slice(0, 300) } : title === undefined ? {} : { name: title.slice(0, 300) }),
    ...(coordinates === undefined ? {} : { latitude: coordinates.lat, longitude: coordinates.long }),
  };
}
