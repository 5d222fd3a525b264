import { z } from 'zod';
import { callDispositions, messageDirections } from '../../../common/enums.js';
import { callFields } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import { callDetailsView } from '../conversations/conversation.schemas.js';

/** One call as the telephony system records it through the calls API. */
export const callRecordBody = z.strictObject({
  /** The telephony system's id of the call: the same call again changes nothing, a different version corrects it. */
  callId: z.string().trim().min(1).max(512),
  /** The `phone` channel account (its id or handle) the call was on. */
  account: z.string().trim().min(1).max(200),
  ...callFields,
});
/** A call as the calls API reads it (numbers in E.164, times in epoch milliseconds). */
export type CallRecord = z.infer<typeof callRecordBody>;

export const callOutcomeView = z.object({
  /** `created`: recorded; `duplicate`: recorded before, nothing changed; `updated`: a correction; `ignored`: see reason. */
  status: z.enum(['created', 'duplicate', 'updated', 'ignored', 'deferred']),
  callId: z.string(),
  conversationId: z.string().optional(),
  /** The call's message in the conversation (also its id in the call log). */
  messageId: z.string().optional(),
  reason: z.string().optional(),
});

export const callView = callDetailsView.extend({
  /** The call's message in its conversation; the call's id in Rapport. */
  messageId: z.string(),
  /** The telephony system's id of the call. */
  callId: z.string(),
  accountId: z.string(),
  conversationId: z.string(),
  contactId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One entry of the call log. */
export type CallView = z.infer<typeof callView>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value), z.array(item).max(50));

export const listCallsQuery = z.strictObject({
  /** The customer (a merged profile's old id finds the calls too). */
  contactId: z.string().max(64).optional(),
  /** A user id, `me`, or `none` for calls without an agent. */
  agentId: z.string().max(64).optional(),
  disposition: csv(z.enum(callDispositions)).optional(),
  direction: z.enum(messageDirections).optional(),
  accountId: z.string().max(64).optional(),
  /** Calls started at or after this instant. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Calls started before this instant. */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.defaultPageSize),
  cursor: z.string().max(200).optional(),
});
/** Filters and page of the call log. */
export type ListCallsQuery = z.infer<typeof listCallsQuery>;
