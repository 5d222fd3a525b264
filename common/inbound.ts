import { z } from 'zod';
import { deliveryStatuses, messageDirections, messageVisibilities, platforms } from './enums.js';
import { limits } from './limits.js';

const platformId = z.string().trim().min(1).max(512);
const instant = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

/** Which channel account an event belongs to: its id, or its handle on the channel. */
const accountRef = {
  channel: z.enum(platforms),
  account: z.string().trim().min(1).max(200),
};

export const inboundAuthor = z.strictObject({
  platformUserId: platformId,
  handle: z.string().trim().max(200).optional(),
  displayName: z.string().trim().max(200).optional(),
  followers: z.number().int().min(0).optional(),
  verified: z.boolean().optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
});
/** The person who wrote an inbound message, as the platform identifies them. */
export type InboundAuthor = z.infer<typeof inboundAuthor>;

export const attachment = z.strictObject({
  type: z.enum(['image', 'video', 'audio', 'file', 'sticker', 'location', 'contact']),
  url: z.url().max(2048).optional(),
  mimeType: z.string().max(120).optional(),
  name: z.string().max(300).optional(),
  sizeBytes: z.number().int().min(0).optional(),
  caption: z.string().max(4096).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
/** Metadata of a file, image or location attached to a message (the bytes stay on the platform). */
export type Attachment = z.infer<typeof attachment>;

export const inboundMessageEvent = z.strictObject({
  kind: z.literal('message'),
  ...accountRef,
  platformMessageId: platformId,
  /** The message this one answers: a reply's parent post, an email's In-Reply-To. */
  parentPlatformId: platformId.optional(),
  /** Further ancestors, oldest first (an email's References). */
  threadRefs: z.array(platformId).max(100).optional(),
  visibility: z.enum(messageVisibilities),
  /** `outbound` marks an echo of something the brand itself sent on the platform. */
  direction: z.enum(messageDirections).default('inbound'),
  author: inboundAuthor,
  /** For a brand's own (outbound) message: the customer it went to, when the platform says. */
  recipient: inboundAuthor.optional(),
  text: z.string().max(limits.messageTextChars).default(''),
  subject: z.string().max(998).optional(),
  attachments: z.array(attachment).max(limits.attachmentsPerMessage).default([]),
  sentAt: instant,
  /** Platform counters at the time of the event (reposts, replies, likes), used for virality. */
  metrics: z.strictObject({ reposts: z.number().int().min(0).optional(), replies: z.number().int().min(0).optional(), likes: z.number().int().min(0).optional() }).optional(),
});

export const inboundEditEvent = z.strictObject({
  kind: z.literal('edit'),
  ...accountRef,
  platformMessageId: platformId,
  text: z.string().max(limits.messageTextChars),
  editedAt: instant,
});

export const inboundDeleteEvent = z.strictObject({
  kind: z.literal('delete'),
  ...accountRef,
  platformMessageId: platformId,
  deletedAt: instant,
});

export const inboundStatusEvent = z.strictObject({
  kind: z.literal('status'),
  ...accountRef,
  platformMessageId: platformId,
  status: z.enum(deliveryStatuses.filter((status) => status !== 'received' && status !== 'queued') as ['sent', 'delivered', 'read', 'failed']),
  error: z.string().max(1000).optional(),
  at: instant,
});

/** One thing that happened on a channel, in Rapport's source-neutral form: what every adapter and the inbound API produce. */
export const inboundEvent = z.discriminatedUnion('kind', [inboundMessageEvent, inboundEditEvent, inboundDeleteEvent, inboundStatusEvent]);
export type InboundEvent = z.infer<typeof inboundEvent>;
export type InboundEventInput = z.input<typeof inboundEvent>;
export type InboundMessageEvent = z.infer<typeof inboundMessageEvent>;

/** The body of the inbound API: one event, or a batch under `events`. */
export const inboundBody = z.union([
  z.strictObject({ events: z.array(z.unknown()).min(1).max(limits.inboundBatchEvents) }),
  z.looseObject({ kind: z.string() }),
]);
