/**
 * Telegram Updates shaped exactly as the Bot API documents them (docs/CHANNELS.md §8.2: same keys, nesting, types and
 * key order), for the fake, the tests and the demo. `date` is epoch seconds.
 */

/** One Update: its id and one payload field. */
export type TelegramUpdate = { update_id: number } & Record<string, unknown>;

/** A Telegram user (`is_bot: false` unless given). */
export interface TelegramUserInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: boolean;
}

const seconds = (millis: number) => Math.floor(millis / 1000);

/** The `from` of a message. */
export function telegramUser(user: TelegramUserInput): Record<string, unknown> {
  return {
    id: user.id, is_bot: user.is_bot ?? false, first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }), ...(user.username === undefined ? {} : { username: user.username }),
    ...(user.is_bot === true ? {} : { language_code: 'en' }),
  };
}

/** The private chat of a user with the bot: its id is the user's id. */
export function telegramPrivateChat(user: TelegramUserInput): Record<string, unknown> {
  return { id: user.id, type: 'private', first_name: user.first_name, ...(user.last_name === undefined ? {} : { last_name: user.last_name }), ...(user.username === undefined ? {} : { username: user.username }) };
}

/** A group or supergroup chat (negative ids; supergroups -100…). */
export function telegramGroupChat(id: number, title: string, type: 'group' | 'supergroup' = 'supergroup'): Record<string, unknown> {
  return { id, title, type };
}

/** A message: id, sender, chat, date, then its content (`{ text }`, `{ photo: [...], caption }`, …). */
export function telegramMessage(input: { messageId: number; from: TelegramUserInput; chat: Record<string, unknown>; at: number; content: Record<string, unknown>; replyTo?: Record<string, unknown>; editedAt?: number }): Record<string, unknown> {
  return {
    message_id: input.messageId, from: telegramUser(input.from), chat: input.chat, date: seconds(input.at),
    ...(input.editedAt === undefined ? {} : { edit_date: seconds(input.editedAt) }),
    ...(input.replyTo === undefined ? {} : { reply_to_message: input.replyTo }),
    ...input.content,
  };
}

/** Text content, with a bot_command entity when it starts with `/`. */
export function telegramText(text: string): Record<string, unknown> {
  const command = /^\/\w+/.exec(text)?.[0];
  return { text, ...(command === undefined ? {} : { entities: [{ offset: 0, length: command.length, type: 'bot_command' }] }) };
}

/** Wraps a message in an Update under `kind` (`message`, `edited_message`, `channel_post`, …). */
export function telegramUpdate(updateId: number, kind: string, message: Record<string, unknown>): TelegramUpdate {
  return { update_id: updateId, [kind]: message };
}
