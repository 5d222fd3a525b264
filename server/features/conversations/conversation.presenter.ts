import { priorities, type ConversationStatus, type DeliveryStatus, type MessageDirection, type MessageVisibility, type Platform } from '../../../common/enums.js';
import type { Attachment } from '../../../common/inbound.js';
import type { ConversationRow, MessageRow, NoteRow } from '../../infra/db/schema.js';
import type { ConversationView, HiddenStateView, MessageView, NoteView } from './conversation.schemas.js';
import { presentMessageTriage, storedTriageOf, suggestedReplyOf } from '../triage/triage.presenter.js';
import { callDetailsOf, presentCallDetails } from '../calls/call-details.js';

const iso = (value: number | null): string | null => (value === null ? null : new Date(Number(value)).toISOString());
const isoRequired = (value: number): string => new Date(Number(value)).toISOString();

/** The API view of a conversation. */
export function presentConversation(row: ConversationRow, tags: readonly string[]): ConversationView {
  return {
    id: row.id,
    accountId: row.account_id,
    contactId: row.contact_id,
    channel: row.platform as Platform,
    visibility: row.visibility as MessageVisibility,
    subject: row.subject,
    status: row.status as ConversationStatus,
    priority: priorities[row.priority] ?? 'normal',
    queueId: row.queue_id,
    assigneeId: row.assignee_id,
    tags: [...tags],
    messageCount: Number(row.message_count),
    firstInboundAt: iso(row.first_inbound_at),
    firstResponseAt: iso(row.first_response_at),
    resolvedAt: iso(row.resolved_at),
    snoozedUntil: iso(row.snoozed_until),
    lastMessageAt: isoRequired(row.last_message_at),
    lastInboundAt: iso(row.last_inbound_at),
    waitingSince: iso(row.waiting_since),
    createdAt: isoRequired(row.created_at),
    updatedAt: isoRequired(row.updated_at),
  };
}

/** The API view of a message. */
export function presentMessage(row: MessageRow): MessageView {
  const triage = row.direction === 'inbound' ? storedTriageOf(row.metadata) : undefined;
  const call = callDetailsOf(row.metadata);
  return {
    id: row.id,
    conversationId: row.conversation_id,
    accountId: row.account_id,
    channel: row.platform as Platform,
    direction: row.direction as MessageDirection,
    visibility: row.visibility as MessageVisibility,
    platformMessageId: row.platform_message_id,
    parentPlatformId: row.parent_platform_id,
    text: row.text,
    attachments: JSON.parse(row.attachments) as Attachment[],
    authorContactId: row.author_contact_id,
    authorUserId: row.author_user_id,
    sentAt: isoRequired(row.sent_at),
    receivedAt: isoRequired(row.received_at),
    deliveryStatus: row.delivery_status as DeliveryStatus,
    deliveryError: row.delivery_error,
    editedAt: iso(row.edited_at),
    deletedByAuthorAt: iso(row.deleted_by_author_at),
    triage: presentMessageTriage(triage),
    suggestedReply: suggestedReplyOf(triage, row.visibility),
    hidden: hiddenStateOf(row.metadata),
    kind: call === undefined ? 'message' : 'call',
    call: call === undefined ? null : presentCallDetails(call),
  };
}

/** Whether, when, why and by whom a comment was hidden on its platform, as moderation notes it in the message's metadata. */
export function hiddenStateOf(metadata: string): HiddenStateView | null {
  // Cheap check first: almost no message was ever hidden, and metadata can be large.
  if (!metadata.includes('"hidden"')) return null;
  const hidden = (JSON.parse(metadata) as { hidden?: unknown }).hidden;
  if (typeof hidden !== 'object' || hidden === null) return null;
  const { at, reason, by } = hidden as Record<string, unknown>;
  if (typeof at !== 'number' || typeof reason !== 'string') return null;
  return { at: isoRequired(at), reason, by: typeof by === 'string' ? by : null };
}

/** The API view of an internal note. */
export function presentNote(row: NoteRow): NoteView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorUserId: row.author_user_id,
    text: row.text,
    mentions: JSON.parse(row.mentions) as string[],
    createdAt: isoRequired(row.created_at),
  };
}

/** The API view of what changed on a message (an edit, an author's deletion, a delivery status, hiding on the platform). */
export function presentMessageChange(change: Partial<MessageRow> & { id: string; conversation_id: string }): Partial<MessageView> & { id: string; conversationId: string } {
  const call = change.metadata === undefined ? undefined : callDetailsOf(change.metadata);
  return {
    id: change.id,
    conversationId: change.conversation_id,
    ...(change.text === undefined ? {} : { text: change.text }),
    ...(change.edited_at === undefined ? {} : { editedAt: iso(change.edited_at) }),
    ...(change.deleted_by_author_at === undefined ? {} : { deletedByAuthorAt: iso(change.deleted_by_author_at) }),
    ...(change.delivery_status === undefined ? {} : { deliveryStatus: change.delivery_status as DeliveryStatus }),
    ...(change.delivery_error === undefined ? {} : { deliveryError: change.delivery_error }),
    ...(change.metadata === undefined ? {} : { hidden: hiddenStateOf(change.metadata) }),
    ...(change.sent_at === undefined ? {} : { sentAt: isoRequired(change.sent_at) }),
    // A corrected call: its new details.
    ...(call === undefined ? {} : { call: presentCallDetails(call) }),
    // An edit's new text was triaged again (masked, sealed): its triage goes with it.
    ...(change.text === undefined || change.metadata === undefined ? {} : { triage: presentMessageTriage(storedTriageOf(change.metadata)) }),
  };
}
