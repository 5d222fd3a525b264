import type { Attachment, InboundAuthor } from '../../../../common/inbound.js';
import type { ChannelAccountRef, ParseResult } from '../channel.port.js';
import { accountFields, addEvent, addUnrecognised, boundedText, finishCollecting, isoFromSeconds, readPart, startCollecting, type ParseCollector } from '../parse-support.js';
import { tgMessage, tgUpdate, type TgChat, type TgMessage, type TgUser } from './telegram.schemas.js';

/**
 * Update kinds recognised and skipped: channel posts are the brand's own broadcasts (comments on them arrive as messages
 * of the linked discussion group), business-account updates need a business connection Rapport does not set up, and
 * the rest are buttons, inline mode, payments, polls, reactions and membership changes.
 */
const ignoredKinds = new Set([
  'channel_post', 'edited_channel_post', 'business_connection', 'business_message', 'edited_business_message', 'deleted_business_messages',
  'message_reaction', 'message_reaction_count', 'inline_query', 'chosen_inline_result', 'callback_query', 'shipping_query', 'pre_checkout_query',
  'purchased_paid_media', 'poll', 'poll_answer', 'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost', 'removed_chat_boost',
]);
/** Service messages (members joining, titles, pins, topics, video chats): they carry nothing a customer wrote. */
const serviceKeys = [
  'new_chat_members', 'left_chat_member', 'new_chat_title', 'new_chat_photo', 'delete_chat_photo', 'group_chat_created', 'supergroup_chat_created',
  'channel_chat_created', 'message_auto_delete_timer_changed', 'migrate_to_chat_id', 'migrate_from_chat_id', 'pinned_message', 'forum_topic_created',
  'forum_topic_edited', 'forum_topic_closed', 'forum_topic_reopened', 'general_forum_topic_hidden', 'general_forum_topic_unhidden', 'video_chat_scheduled',
  'video_chat_started', 'video_chat_ended', 'video_chat_participants_invited', 'write_access_allowed', 'boost_added', 'chat_background_set',
  'proximity_alert_triggered', 'users_shared', 'chat_shared', 'connected_website',
];
/** Content Rapport cannot show but an agent should know was sent. */
const otherContent = ['poll', 'dice', 'game', 'story', 'invoice', 'successful_payment', 'giveaway', 'giveaway_winners', 'paid_media', 'checklist', 'web_app_data'];

/** A message's id in Rapport: Telegram numbers messages per chat, so the chat id makes it unique per bot. */
export function telegramMessageKey(chatId: number | string, messageId: number): string {
  return `${chatId}:${messageId}`;
}

/** Reads a message key back into its chat and message id. */
export function parseTelegramMessageKey(key: string | null): { chatId: string; messageId: number } | undefined {
  const match = /^(-?\d{1,20}):(\d{1,12})$/.exec(key ?? '');
  return match?.[1] === undefined || match[2] === undefined ? undefined : { chatId: match[1], messageId: Number(match[2]) };
}

/** Turns one Update into events of the account; pure, so replaying a stored payload gives the same events. */
export function parseTelegramUpdate(payload: unknown, account: ChannelAccountRef): ParseResult {
  const collector = startCollecting(account);
  const update = readPart(collector, 'payload', tgUpdate, payload);
  if (update === undefined) return finishCollecting(collector);
  const fields = update as Record<string, unknown>;
  const kinds = Object.keys(fields).filter((key) => key !== 'update_id');
  if (kinds.length === 0) addUnrecognised(collector, 'payload', 'update without a payload field');
  for (const kind of kinds) {
    const where = `update ${update.update_id}.${kind}`;
    if (kind === 'message') parseMessage(collector, where, fields[kind]);
    else if (kind === 'edited_message') parseEdit(collector, where, fields[kind]);
    else if (!ignoredKinds.has(kind)) addUnrecognised(collector, where, `update kind "${kind}" is not handled`);
  }
  return finishCollecting(collector);
}

function parseMessage(collector: ParseCollector, where: string, raw: unknown): void {
  const message = readPart(collector, where, tgMessage, raw);
  if (message === undefined) return;
  const content = contentOf(message);
  if (content === undefined) {
    if (serviceKeys.some((key) => key in message)) return;
    return addUnrecognised(collector, where, `message with keys ${Object.keys(message).slice(0, 10).join(', ')} is not handled`);
  }
  const author = authorOf(message);
  if (author === undefined) return addUnrecognised(collector, where, 'message without from or sender_chat');
  const visibility = message.chat.type === 'private' ? 'private' : 'public';
  const fromBrand = message.from !== undefined && isOwnBot(message.from, collector.account);
  addEvent(collector, where, {
    kind: 'message', ...accountFields(collector), platformMessageId: telegramMessageKey(message.chat.id, message.message_id), visibility,
    direction: fromBrand ? 'outbound' : 'inbound',
    author,
    // The bot's own message in a 1:1 chat went to that chat's user; in a group it is threaded by what it answers.
    ...(fromBrand && visibility === 'private' ? { recipient: personOf(message.chat.id, message.chat) } : {}),
    ...(message.reply_to_message === undefined ? {} : { parentPlatformId: telegramMessageKey(message.chat.id, message.reply_to_message.message_id) }),
    text: boundedText(content.text), attachments: content.attachments, sentAt: isoFromSeconds(message.date) ?? '',
  });
}

function parseEdit(collector: ParseCollector, where: string, raw: unknown): void {
  const message = readPart(collector, where, tgMessage, raw);
  if (message === undefined) return;
  addEvent(collector, where, {
    kind: 'edit', ...accountFields(collector), platformMessageId: telegramMessageKey(message.chat.id, message.message_id),
    text: boundedText(message.text ?? message.caption), editedAt: isoFromSeconds(message.edit_date ?? message.date) ?? '',
  });
}

/** The bot of this account: its user id (the account's platform account id) or, failing that, a bot with its username. */
function isOwnBot(user: TgUser, account: ChannelAccountRef): boolean {
  if (account.platform_account_id !== null) return String(user.id) === account.platform_account_id;
  return user.is_bot && user.username?.toLowerCase() === account.handle.toLowerCase();
}

/** Who wrote: the chat a message was sent on behalf of (anonymous admins, linked channels), else the user. */
function authorOf(message: TgMessage): InboundAuthor | undefined {
  if (message.sender_chat !== undefined) return personOf(message.sender_chat.id, message.sender_chat);
  return message.from === undefined ? undefined : personOf(message.from.id, message.from);
}

function personOf(id: number, named: Pick<TgChat, 'title' | 'username' | 'first_name' | 'last_name'>): InboundAuthor {
  const name = named.title ?? [named.first_name, named.last_name].filter((part) => part !== undefined && part !== '').join(' ');
  return { platformUserId: String(id), ...(name === '' ? {} : { displayName: name.slice(0, 200) }), ...(named.username === undefined ? {} : { handle: named.username.slice(0, 200) }) };
}

/** What a message shows an agent: its text or caption and the metadata of what it carries (files stay on Telegram). */
function contentOf(message: TgMessage): { text: string; attachments: Attachment[] } | undefined {
  const attachments = attachmentsOf(message);
  const other = otherContent.find((key) => key in message);
  const text = message.text ?? message.caption ?? (other === undefined ? '' : `[Telegram ${other.replace(/_/g, ' ')}]`);
  if (text === '' && attachments.length === 0) return undefined;
  return { text, attachments };
}

function attachmentsOf(message: TgMessage): Attachment[] {
  const file = (type: Attachment['type'], item: NonNullable<TgMessage['document']>, name?: string): Attachment => ({
    type,
    ...((item.file_name ?? name) === undefined ? {} : { name: (item.file_name ?? name ?? '').slice(0, 300) }),
    ...(item.mime_type === undefined ? {} : { mimeType: item.mime_type }),
    ...(item.file_size === undefined ? {} : { sizeBytes: item.file_size }),
  });
  const found: Attachment[] = [];
  // Photos come in several sizes, smallest first: the largest stands for the photo.
  const photo = message.photo?.at(-1);
  if (photo !== undefined) found.push(file('image', photo));
  if (message.document !== undefined) found.push(file('file', message.document));
  if (message.voice !== undefined) found.push(file('audio', message.voice, 'Voice message'));
  if (message.audio !== undefined) found.push(file('audio', message.audio));
  for (const video of [message.video, message.video_note, message.animation]) if (video !== undefined) found.push(file('video', video));
  if (message.sticker !== undefined) found.push(file('sticker', message.sticker, [message.sticker.emoji, message.sticker.set_name].filter(Boolean).join(' ') || 'Sticker'));
  if (message.location !== undefined) {
    const label = message.venue === undefined ? undefined : [message.venue.title, message.venue.address].filter(Boolean).join(', ');
    found.push({ type: 'location', latitude: message.location.latitude, longitude: message.location.longitude, ...(label === undefined ? {} : { name: label.slice(0, 300) }) });
  }
  if (message.contact !== undefined) {
    const name = [message.contact.first_name, message.contact.last_name].filter(Boolean).join(' ');
    found.push({ type: 'contact', name: name.slice(0, 300), caption: message.contact.phone_number });
  }
  return found;
}
