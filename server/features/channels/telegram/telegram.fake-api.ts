import { telegramSecretPattern } from './telegram.signature.js';

/** A bot the fake knows. */
export interface TelegramFakeBot {
  token: string;
  id: number;
  username: string;
  firstName: string;
}

/** One message the fake accepted. */
export interface TelegramFakeSend {
  botId: number;
  chatId: number;
  messageId: number;
  text: string;
  replyToMessageId: number | undefined;
  body: Record<string, unknown>;
}

/** An answer of the fake: a Bot API envelope (or any body a proxy in front of it might send). */
export interface TelegramFakeReply {
  status: number;
  body: unknown;
}

/** A chat a bot knows of, learned from delivered updates. */
export interface TelegramFakeChat {
  chat: Record<string, unknown> & { id: number };
  messageIds: Set<number>;
  lastMessageId: number;
  /** The user blocked the bot (or removed it from the group): sends fail with 403. */
  blockedReason?: string;
  /** The group became this supergroup: sends fail with 400 and migrate_to_chat_id. */
  migratedTo?: number;
}

/** What the method handlers read and change. */
export interface TelegramFakeState {
  bots: Map<string, TelegramFakeBot>;
  /** `${botId}:${chatId}` → what the bot knows of the chat. */
  chats: Map<string, TelegramFakeChat>;
  /** `${botId}:${userId}` of users seen in groups: the bot cannot write to them until they open a private chat. */
  seenUsers: Set<string>;
  webhooks: Map<number, { url: string; secretToken: string | undefined }>;
  sent: TelegramFakeSend[];
  now: () => number;
}

/** Telegram's error envelope. */
export function telegramError(errorCode: number, description: string, parameters?: Record<string, number>): TelegramFakeReply {
  return { status: errorCode, body: { ok: false, error_code: errorCode, description, ...(parameters === undefined ? {} : { parameters }) } };
}

const ok = (result: unknown, description?: string): TelegramFakeReply => ({ status: 200, body: { ok: true, result, ...(description === undefined ? {} : { description }) } });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs one Bot API method for a bot (method names are case-insensitive). */
export function answerMethod(state: TelegramFakeState, bot: TelegramFakeBot, method: string, params: Record<string, unknown>): TelegramFakeReply {
  switch (method.toLowerCase()) {
    case 'getme':
      return ok({ id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
    case 'setwebhook': {
      if (typeof params.url !== 'string' || params.url === '') return telegramError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      const secret = params.secret_token;
      if (secret !== undefined && (typeof secret !== 'string' || !telegramSecretPattern.test(secret))) return telegramError(400, 'Bad Request: secret token contains unallowed characters');
      state.webhooks.set(bot.id, { url: params.url, secretToken: secret });
      return ok(true, 'Webhook was set');
    }
    case 'deletewebhook':
      state.webhooks.delete(bot.id);
      return ok(true, 'Webhook was deleted');
    case 'sendmessage':
      return sendMessage(state, bot, params);
    default:
      return telegramError(404, 'Not Found');
  }
}

function sendMessage(state: TelegramFakeState, bot: TelegramFakeBot, params: Record<string, unknown>): TelegramFakeReply {
  const chatId = typeof params.chat_id === 'number' ? params.chat_id : typeof params.chat_id === 'string' && /^-?\d+$/.test(params.chat_id) ? Number(params.chat_id) : undefined;
  if (params.chat_id === undefined || params.chat_id === '') return telegramError(400, 'Bad Request: chat_id is empty');
  const known = chatId === undefined ? undefined : state.chats.get(`${bot.id}:${chatId}`);
  if (known === undefined || chatId === undefined) {
    return state.seenUsers.has(`${bot.id}:${String(chatId)}`) ? telegramError(403, 'Forbidden: bot can\'t initiate conversation with a user') : telegramError(400, 'Bad Request: chat not found');
  }
  if (known.migratedTo !== undefined) return telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: known.migratedTo });
  if (known.blockedReason !== undefined) return telegramError(403, known.blockedReason);
  if (typeof params.text !== 'string' || params.text.trim() === '') return telegramError(400, 'Bad Request: message text is empty');
  if (params.text.length > 4_096) return telegramError(400, 'Bad Request: message is too long');
  const parseMode = params.parse_mode;
  if (parseMode !== undefined && (typeof parseMode !== 'string' || !['HTML', 'Markdown', 'MarkdownV2'].includes(parseMode))) return telegramError(400, 'Bad Request: unsupported parse_mode');
  const reply = isObject(params.reply_parameters) ? params.reply_parameters : params.reply_to_message_id === undefined ? undefined : { message_id: params.reply_to_message_id };
  let replyTo: number | undefined;
  if (reply !== undefined) {
    if (typeof reply.message_id !== 'number') return telegramError(400, 'Bad Request: can\'t parse reply parameters JSON object');
    if (known.messageIds.has(reply.message_id)) replyTo = reply.message_id;
    else if (reply.allow_sending_without_reply !== true) return telegramError(400, 'Bad Request: message to be replied not found');
  }
  const messageId = known.lastMessageId + 1;
  known.lastMessageId = messageId;
  known.messageIds.add(messageId);
  state.sent.push({ botId: bot.id, chatId, messageId, text: params.text, replyToMessageId: replyTo, body: params });
  return ok({
    message_id: messageId, from: { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username }, chat: known.chat,
    date: Math.floor(state.now() / 1000), ...(replyTo === undefined ? {} : { reply_to_message: { message_id: replyTo, chat: known.chat, date: Math.floor(state.now() / 1000) } }),
    text: params.text,
  });
}

/** Learns the chat and message ids of a delivered update, as Telegram knows the chats its bots are in. */
export function learnUpdate(state: TelegramFakeState, botId: number, update: Record<string, unknown>): void {
  for (const value of Object.values(update)) {
    if (!isObject(value) || !isObject(value.chat) || typeof value.chat.id !== 'number' || typeof value.message_id !== 'number') continue;
    if (isObject(value.from) && typeof value.from.id === 'number') state.seenUsers.add(`${botId}:${value.from.id}`);
    const key = `${botId}:${value.chat.id}`;
    const known = state.chats.get(key) ?? { chat: value.chat as TelegramFakeChat['chat'], messageIds: new Set<number>(), lastMessageId: 0 };
    known.messageIds.add(value.message_id);
    known.lastMessageId = Math.max(known.lastMessageId, value.message_id);
    state.chats.set(key, known);
  }
}
