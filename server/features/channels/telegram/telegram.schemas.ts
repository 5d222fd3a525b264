import { z } from 'zod';

/**
 * Telegram Bot API wire shapes (docs/CHANNELS.md §8). Objects are loose: Telegram adds fields with every Bot API
 * version; only what Rapport reads is declared. User and chat ids have up to 52 significant bits: safe as JS numbers.
 */

const tgId = z.number().int();

/** A Telegram user or bot. */
export const tgUser = z.looseObject({
  id: tgId,
  is_bot: z.boolean(),
  first_name: z.string().max(300),
  last_name: z.string().max(300).optional(),
  username: z.string().max(100).optional(),
});
/** A validated user. */
export type TgUser = z.infer<typeof tgUser>;

/** A chat: `private` (1:1 with the bot), `group`, `supergroup` or `channel`. */
export const tgChat = z.looseObject({
  id: tgId,
  type: z.string().max(20),
  title: z.string().max(300).optional(),
  username: z.string().max(100).optional(),
  first_name: z.string().max(300).optional(),
  last_name: z.string().max(300).optional(),
});
/** A validated chat. */
export type TgChat = z.infer<typeof tgChat>;

/** A file's metadata (photo size, document, voice, audio, video, animation, video note, sticker). */
const tgFile = z.looseObject({
  file_id: z.string().max(300),
  file_size: z.number().int().min(0).optional(),
  file_name: z.string().max(1000).optional(),
  mime_type: z.string().max(120).optional(),
  emoji: z.string().max(20).optional(),
  set_name: z.string().max(200).optional(),
});

/** A message (also an edited message or a channel post). */
export const tgMessage = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int().min(0),
  chat: tgChat,
  from: tgUser.optional(),
  sender_chat: tgChat.optional(),
  edit_date: z.number().int().min(0).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
  photo: z.array(tgFile).max(20).optional(),
  document: tgFile.optional(),
  voice: tgFile.optional(),
  audio: tgFile.optional(),
  video: tgFile.optional(),
  video_note: tgFile.optional(),
  animation: tgFile.optional(),
  sticker: tgFile.optional(),
  location: z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
  venue: z.looseObject({ title: z.string().max(300), address: z.string().max(500).optional() }).optional(),
  contact: z.looseObject({ phone_number: z.string().max(40), first_name: z.string().max(300), last_name: z.string().max(300).optional(), user_id: tgId.optional() }).optional(),
});
/** A validated message. */
export type TgMessage = z.infer<typeof tgMessage>;

/** One Update: `update_id` and at most one payload field. */
export const tgUpdate = z.looseObject({ update_id: z.number().int() });

/** The envelope of every Bot API answer. */
export const tgAnswer = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().max(2000).optional(),
  parameters: z.looseObject({ retry_after: z.number().min(0).optional(), migrate_to_chat_id: tgId.optional() }).optional(),
});
/** A validated answer. */
export type TgAnswer = z.infer<typeof tgAnswer>;

/** The `result` of sendMessage: the message as sent. */
export const tgSentMessage = z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: tgId }) });
