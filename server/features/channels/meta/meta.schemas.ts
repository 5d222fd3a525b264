import { z } from 'zod';

/** Graph ids are numeric strings; a number is tolerated and kept as its string (never as a float). */
const graphId = z.union([z.string().min(1).max(512), z.number().int()]).transform(String);
const epoch = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** The webhook envelope of every Meta object (page, instagram, whatsapp_business_account). */
export const metaEnvelope = z.looseObject({ object: z.string().max(100), entry: z.array(z.unknown()).max(1_000) });

/** One entry of the envelope: `messaging[]`/`standby[]` events or `changes[]`, or (in Meta's examples) one `field`/`value` pair. */
export const metaEntry = z.looseObject({
  id: graphId.optional(),
  time: epoch.optional(),
  messaging: z.array(z.unknown()).max(1_000).optional(),
  standby: z.array(z.unknown()).max(1_000).optional(),
  changes: z.array(z.unknown()).max(1_000).optional(),
  field: z.string().max(100).optional(),
  value: z.unknown().optional(),
});

/** One `changes[]` item. */
export const metaChange = z.looseObject({ field: z.string().max(100), value: z.unknown() });

const party = z.looseObject({ id: graphId.optional() });

const messengerAttachment = z.looseObject({
  type: z.string().max(50),
  title: z.string().max(1000).optional(),
  payload: z.looseObject({
    url: z.string().optional(),
    title: z.string().max(1000).optional(),
    coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
  }).nullish(),
});

/** The `message` of a Messenger or Instagram messaging event (also its echo). */
export const messengerMessage = z.looseObject({
  mid: z.string().min(1).max(512),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  metadata: z.string().optional(),
  attachments: z.array(messengerAttachment).max(50).optional(),
  reply_to: z.looseObject({ mid: z.string().max(512).optional() }).optional(),
});

/** One Messenger / Instagram `messaging[]` event. */
export const messagingEvent = z.looseObject({
  sender: party.optional(),
  recipient: party.optional(),
  timestamp: epoch.optional(),
  message: z.unknown().optional(),
  message_edit: z.looseObject({ mid: z.string().min(1).max(512), text: z.string(), num_edit: z.number().optional() }).optional(),
  delivery: z.looseObject({ mids: z.array(z.string().max(512)).max(1_000).optional(), watermark: epoch.optional() }).optional(),
  read: z.looseObject({ mid: z.string().max(512).optional(), watermark: epoch.optional() }).optional(),
  postback: z.looseObject({ mid: z.string().max(512).optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
});
/** A validated messaging event. */
export type MessagingEvent = z.infer<typeof messagingEvent>;

/** The value of a Page `feed` change. */
export const feedValue = z.looseObject({
  item: z.string().max(50),
  verb: z.string().max(50),
  from: z.looseObject({ id: graphId, name: z.string().max(200).optional() }).optional(),
  comment_id: graphId.optional(),
  post_id: graphId.optional(),
  parent_id: graphId.optional(),
  created_time: z.union([epoch, z.iso.datetime({ offset: true }).transform((value) => Date.parse(value) / 1000)]).optional(),
  message: z.string().optional(),
});

/** The value of an Instagram `comments` / `live_comments` change. */
export const instagramCommentValue = z.looseObject({
  id: graphId,
  text: z.string().optional(),
  parent_id: graphId.optional(),
  from: z.looseObject({ id: graphId, username: z.string().max(200).optional() }),
  media: z.looseObject({ id: graphId, media_product_type: z.string().max(50).optional() }).optional(),
});

const waMedia = z.looseObject({ id: z.string().max(512).optional(), mime_type: z.string().max(120).optional(), caption: z.string().optional(), filename: z.string().max(300).optional() });

/** One WhatsApp `messages[]` item. */
export const whatsappMessage = z.looseObject({
  from: z.string().min(1).max(40),
  id: z.string().min(1).max(512),
  timestamp: epoch,
  type: z.string().max(50),
  context: z.looseObject({ id: z.string().max(512).optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: waMedia.optional(),
  video: waMedia.optional(),
  audio: waMedia.optional(),
  document: waMedia.optional(),
  sticker: waMedia.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional(), phones: z.array(z.looseObject({ phone: z.string().optional() })).optional() })).max(50).optional(),
  interactive: z.looseObject({
    type: z.string().max(50),
    button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
  }).optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
});
/** A validated WhatsApp message. */
export type WhatsappMessage = z.infer<typeof whatsappMessage>;

const waError = z.looseObject({
  code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
/** A WhatsApp error object, in statuses and account-level error webhooks. */
export type WhatsappError = z.infer<typeof waError>;

/** One WhatsApp `statuses[]` item. */
export const whatsappStatus = z.looseObject({
  id: z.string().min(1).max(512),
  status: z.string().max(30),
  timestamp: epoch,
  recipient_id: z.string().max(40).optional(),
  errors: z.array(waError).max(20).optional(),
});

/** The value of a WhatsApp `messages` change. */
export const whatsappValue = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.looseObject({ display_phone_number: z.string().optional(), phone_number_id: graphId }),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).max(1_000).optional(),
  messages: z.array(z.unknown()).max(1_000).optional(),
  statuses: z.array(z.unknown()).max(1_000).optional(),
  errors: z.array(waError).max(50).optional(),
});
