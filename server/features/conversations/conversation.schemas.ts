import { z } from 'zod';
import { callDispositions, conversationSorts, conversationStatuses, deliveryStatuses, messageDirections, messageKinds, messageVisibilities, platforms, priorities, sentimentLabels } from '../../../common/enums.js';
import { attachment } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import { whatsappTemplate } from '../channels/meta/meta.send-plan.js';
import { messageTriageView } from '../triage/triage.schemas.js';

export const conversationView = z.object({
  id: z.string(),
  accountId: z.string(),
  contactId: z.string(),
  channel: z.enum(platforms),
  visibility: z.enum(messageVisibilities),
  subject: z.string().nullable(),
  status: z.enum(conversationStatuses),
  priority: z.enum(priorities),
  queueId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  messageCount: z.number().int(),
  firstInboundAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  lastMessageAt: z.string(),
  lastInboundAt: z.string().nullable(),
  waitingSince: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A conversation as the API and live events show it. */
export type ConversationView = z.infer<typeof conversationView>;

export const hiddenStateView = z.object({
  /** When an agent hid the comment on its platform. */
  at: z.string(),
  /** Why, as the agent wrote it (also in the audit log). */
  reason: z.string(),
  /** The user who hid it; null when an integration token without a user did. */
  by: z.string().nullable(),
});
/** A public comment hidden on its platform: still here, never deleted. */
export type HiddenStateView = z.infer<typeof hiddenStateView>;

export const callDetailsView = z.object({
  /** Inbound: the customer called; outbound: the agent called the customer. */
  direction: z.enum(messageDirections),
  /** The customer's number, E.164. */
  callerNumber: z.string(),
  /** The agent on the call (a user id); null when the telephony system named none. */
  agentId: z.string().nullable(),
  startedAt: z.string(),
  durationSeconds: z.number().int(),
  disposition: z.enum(callDispositions),
  notes: z.string().nullable(),
  /** Where the telephony system keeps the recording (http or https only). */
  recordingUrl: z.string().nullable(),
});
/** A phone call as the telephony system reported it. */
export type CallDetailsView = z.infer<typeof callDetailsView>;

export const messageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  accountId: z.string(),
  channel: z.enum(platforms),
  direction: z.enum(messageDirections),
  visibility: z.enum(messageVisibilities),
  platformMessageId: z.string().nullable(),
  parentPlatformId: z.string().nullable(),
  text: z.string(),
  attachments: z.array(attachment),
  authorContactId: z.string().nullable(),
  authorUserId: z.string().nullable(),
  sentAt: z.string(),
  receivedAt: z.string(),
  deliveryStatus: z.enum(deliveryStatuses),
  deliveryError: z.string().nullable(),
  editedAt: z.string().nullable(),
  deletedByAuthorAt: z.string().nullable(),
  /** What triage found (inbound messages); null for the brand's own and for messages from before triage. */
  triage: messageTriageView.nullable(),
  /** A ready public reply when the customer posted personal data in public. */
  suggestedReply: z.string().nullable(),
  /** Set while the comment is hidden on its platform (POST …/messages/:id/hide); null otherwise. */
  hidden: hiddenStateView.nullable(),
  /** `call` for a phone call recorded through the calls API (its details in `call`); `message` for everything written. */
  kind: z.enum(messageKinds),
  call: callDetailsView.nullable(),
});
/** A message as the API and live events show it. */
export type MessageView = z.infer<typeof messageView>;

export const noteView = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorUserId: z.string().nullable(),
  text: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.string(),
});
/** An internal note as the API shows it. */
export type NoteView = z.infer<typeof noteView>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value), z.array(item).max(50));

/** Longest intent label a filter takes (labels come from the workspace's intent model: `refund`, `complaint`, …). */
const intentLabelChars = 100;

/** Filters on the triage of each conversation's newest customer message, shared by the list and the counts. */
const triageFilters = {
  /** Sentiment of the newest customer message: any of these. */
  sentiment: csv(z.enum(sentimentLabels)).optional(),
  /** Intent triage decided for the newest customer message (conversations where it was unsure match none): any of these. */
  intent: csv(z.string().max(intentLabelChars)).optional(),
  /** `true`: the newest customer message held personal data (card numbers, phone numbers, …); `false`: it did not. */
  personalData: z.enum(['true', 'false']).optional(),
};

export const listConversationsQuery = z.strictObject({
  status: csv(z.enum(conversationStatuses)).optional(),
  channel: csv(z.enum(platforms)).optional(),
  accountId: z.string().max(64).optional(),
  queueId: z.string().max(64).optional(),
  /** A user id, `me`, or `none` for unassigned. */
  assigneeId: z.string().max(64).optional(),
  contactId: z.string().max(64).optional(),
  tag: z.string().max(limits.tagChars).optional(),
  priority: csv(z.enum(priorities)).optional(),
  ...triageFilters,
  q: z.string().trim().min(1).max(limits.searchQueryChars).optional(),
  sort: z.enum(conversationSorts).default('newest'),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.defaultPageSize),
  cursor: z.string().max(200).optional(),
});
/** Filters, search, order and page of a conversation list. */
export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;

const tag = z.string().trim().min(1).max(limits.tagChars).regex(/^[^\s,]+$/, 'tags have no spaces or commas');

export const updateConversationBody = z.strictObject({
  status: z.enum(conversationStatuses).optional(),
  priority: z.enum(priorities).optional(),
  queueId: z.string().max(64).nullable().optional(),
  assigneeId: z.string().max(64).nullable().optional(),
  tags: z.array(tag).max(limits.tagsPerConversation).optional(),
  addTags: z.array(tag).max(limits.tagsPerConversation).optional(),
  removeTags: z.array(tag).max(limits.tagsPerConversation).optional(),
  snoozedUntil: z.iso.datetime({ offset: true }).optional(),
}).refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
/** The changes an agent can make to a conversation. */
export type UpdateConversationBody = z.infer<typeof updateConversationBody>;

export const createNoteBody = z.strictObject({ text: z.string().trim().min(1).max(limits.noteTextChars) });

export const createReplyBody = z.strictObject({
  /** What the customer reads; with a template, what the thread shows for it. Checked against the channel's length limit. */
  text: z.string().trim().min(1).max(limits.messageTextChars),
  visibility: z.enum(messageVisibilities).optional(),
  /** An approved WhatsApp message template to send instead of free text: the only reply WhatsApp takes once its 24-hour window has closed. */
  template: whatsappTemplate.optional(),
  /** Makes retries of the same request safe: a second reply with the same key returns the first. */
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
});
/** A reply an agent queues for sending. */
export type CreateReplyBody = z.infer<typeof createReplyBody>;

const defaultCountedStatuses: Array<(typeof conversationStatuses)[number]> = ['open', 'pending'];

export const conversationCountsQuery = z.strictObject({
  /** The statuses counted; open and pending (the inbox's default) unless given. */
  status: csv(z.enum(conversationStatuses)).default(defaultCountedStatuses),
  channel: csv(z.enum(platforms)).optional(),
  accountId: z.string().max(64).optional(),
  tag: z.string().max(limits.tagChars).optional(),
  priority: csv(z.enum(priorities)).optional(),
  ...triageFilters,
});
/** The filters the inbox counts apply. */
export type ConversationCountsQuery = z.infer<typeof conversationCountsQuery>;

const sliceCount = z.object({ total: z.number().int(), unread: z.number().int() });
export const conversationCountsView = z.object({
  /** Assigned to the viewer. */
  mine: sliceCount,
  unassigned: sliceCount,
  /** Everything matching the filters (by default: all open and pending conversations). */
  all: sliceCount,
  /** Per queue, for the queues that have any. */
  queues: z.array(sliceCount.extend({ queueId: z.string() })),
});
/** How many conversations each inbox view holds, and how many of them are unread for the viewer. */
export type ConversationCountsView = z.infer<typeof conversationCountsView>;

export const markReadBody = z.strictObject({
  /** The newest customer message the user has seen (the conversation's lastInboundAt as shown); defaults to the newest there is. */
  upTo: z.iso.datetime({ offset: true }).optional(),
});
/** How far a user has read. */
export type MarkReadBody = z.infer<typeof markReadBody>;

export const readStateView = z.object({
  conversationId: z.string(),
  /** The newest customer message time the viewer has read; null when never read. */
  readUpTo: z.string().nullable(),
  unread: z.boolean(),
});
/** A conversation's read state for the viewer. */
export type ReadStateView = z.infer<typeof readStateView>;
