import { z } from 'zod';

/**
 * LINE Messaging API wire shapes (docs/CHANNELS.md §7). Objects are loose: LINE adds fields over time and an adapter
 * must tolerate them; only what Rapport reads is declared.
 */

const lineId = z.string().min(1).max(512);

/** A webhook delivery: the bot's user id and its events (an empty list is LINE's connection check). */
export const lineWebhookBody = z.looseObject({ destination: z.string().max(100), events: z.array(z.unknown()).max(1_000) });

/** Where an event happened: a 1:1 chat with a user, a group chat or a multi-person chat (room). */
export const lineSource = z.looseObject({
  type: z.string().max(20),
  userId: lineId.optional(),
  groupId: lineId.optional(),
  roomId: lineId.optional(),
});
/** A validated event source. */
export type LineSource = z.infer<typeof lineSource>;

/** One webhook event; `type` tells which of the optional parts it carries. */
export const lineEvent = z.looseObject({
  type: z.string().max(50),
  timestamp: z.number().int().min(0),
  mode: z.string().max(20).optional(),
  webhookEventId: z.string().max(100).optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  source: lineSource.optional(),
  replyToken: z.string().max(512).optional(),
  message: z.unknown().optional(),
  unsend: z.looseObject({ messageId: lineId }).optional(),
  postback: z.looseObject({ data: z.string().max(300) }).optional(),
});
/** A validated webhook event. */
export type LineEvent = z.infer<typeof lineEvent>;

/** The `message` of a message (or messageEdited) event: text, image, video, audio, file, location or sticker. */
export const lineMessageContent = z.looseObject({
  id: lineId,
  type: z.string().max(30),
  text: z.string().optional(),
  quoteToken: z.string().max(512).optional(),
  quotedMessageId: lineId.optional(),
  fileName: z.string().max(1000).optional(),
  fileSize: z.number().int().min(0).optional(),
  duration: z.number().min(0).optional(),
  title: z.string().max(1000).optional(),
  address: z.string().max(1000).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  packageId: z.string().max(100).optional(),
  stickerId: z.string().max(100).optional(),
  keywords: z.array(z.string().max(200)).max(50).optional(),
  contentProvider: z.looseObject({ type: z.string().max(20), originalContentUrl: z.string().optional() }).optional(),
});
/** A validated message content. */
export type LineMessageContent = z.infer<typeof lineMessageContent>;

/** The answer to a reply or push: the ids of the messages LINE sent (also in a 409 for an accepted retry key). */
export const lineSentAnswer = z.looseObject({
  sentMessages: z.array(z.looseObject({ id: z.string().min(1).max(512), quoteToken: z.string().optional() })).max(5).optional(),
});

/** LINE's error body: `{"message": "...", "details": [{"message": "...", "property": "..."}]}`. */
export const lineErrorBody = z.looseObject({
  message: z.string().optional(),
  details: z.array(z.looseObject({ message: z.string().optional(), property: z.string().optional() })).max(50).optional(),
});
