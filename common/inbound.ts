import { z } from 'zod';
import { callDispositions, deliveryStatuses, messageDirections, messageVisibilities, platforms } from './enums.js';
import { limits } from './limits.js';
import { toE164 } from './phone.js';

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

/** A phone number in international form (`+44 20 7946 0958`, `0044…`, `tel:+44…`), stored as E.164 (`+442079460958`). */
export const phoneNumber = z.string().trim().min(1).max(40).transform((value, context) => {
  const e164 = toE164(value);
  if (e164 === undefined) {
    context.addIssue({ code: 'custom', message: 'not a phone number in international format: + and the country code, e.g. +441632960123' });
    return z.NEVER;
  }
  return e164;
});

/** An http(s) URL; javascript:, data:, ftp: and the like are refused. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2048);

/** The fields of a phone call as the telephony system reports it (shared by the calls API and the call event). */
export const callFields = {
  direction: z.enum(messageDirections),
  /** The customer's number: who called (inbound), or who was called (outbound). */
  callerNumber: phoneNumber,
  /** The agent on the call: a Rapport user id or email address of a member of the workspace. */
  agent: z.string().trim().min(1).max(254).optional(),
  startedAt: instant,
  durationSeconds: z.number().int().min(0).max(86_400),
  disposition: z.enum(callDispositions),
  notes: z.string().max(limits.noteTextChars).optional(),
  recordingUrl: httpUrl.optional(),
  /** What the telephony system knows of the customer besides the number: an email joins the call to the customer who wrote from it. */
  contact: z.strictObject({
    email: z.email().max(254).transform((value) => value.toLowerCase()).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  }).optional(),
};

/**
 * A phone call on a `phone` account, keyed by the telephony system's call id: the same call again changes nothing, a
 * different version of it replaces what was recorded (a correction).
 */
export const inboundCallEvent = z.strictObject({
  kind: z.literal('call'),
  channel: z.literal('phone'),
  account: accountRef.account,
  /** The telephony system's id of the call. */
  platformMessageId: platformId,
  ...callFields,
});

/** One thing that happened on a channel, in Rapport's source-neutral form: what every adapter and the inbound API produce. */
export const inboundEvent = z.discriminatedUnion('kind', [inboundMessageEvent, inboundEditEvent, inboundDeleteEvent, inboundStatusEvent, inboundCallEvent]);
export type InboundEvent = z.infer<typeof inboundEvent>;
export type InboundEventInput = z.input<typeof inboundEvent>;
export type InboundMessageEvent = z.infer<typeof inboundMessageEvent>;
export type InboundCallEvent = z.infer<typeof inboundCallEvent>;
export type InboundStatusEvent = z.infer<typeof inboundStatusEvent>;

/** The body of the inbound API: one event, or a batch under `events`. */
export const inboundBody = z.union([
  z.strictObject({ events: z.array(z.unknown()).min(1).max(limits.inboundBatchEvents) }),
  z.looseObject({ kind: z.string() }),
]);
