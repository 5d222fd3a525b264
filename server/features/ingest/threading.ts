import type { InboundMessageEvent } from '../../../common/inbound.js';
import type { ConversationRow } from '../../infra/db/schema.js';

/** Where an inbound message belongs. */
export type ThreadDecision =
  | { kind: 'join'; conversationId: string }
  | { kind: 'reopen'; conversationId: string }
  | { kind: 'new' };

/** What threading may look at: the conversations the message's ancestors are in and the contact's latest private conversation. */
export interface ThreadingFacts {
  /** Conversation of the nearest known ancestor (parent first, then References newest first). */
  ancestorConversationId: string | undefined;
  /** The contact's most recent private conversation on this account. */
  latestPrivateConversation: Pick<ConversationRow, 'id' | 'status' | 'resolved_at'> | undefined;
  /** How long after resolution a new direct message reopens the conversation instead of starting another. */
  reopenWindowMs: number;
}

/** Whether a message without a known ancestor may join its contact's latest private conversation (a direct message, not an email). */
export function joinsByContact(event: Pick<InboundMessageEvent, 'channel' | 'visibility'>): boolean {
  return event.visibility === 'private' && event.channel !== 'email';
}

/**
 * Threading rules: a reply joins its parent's conversation; an email joins by In-Reply-To / References;
 * a direct message joins the contact's open conversation on the account, reopens a recently resolved one,
 * or starts a new one; anything else starts a new conversation.
 */
export function decideThread(event: Pick<InboundMessageEvent, 'channel' | 'visibility' | 'sentAt'>, facts: ThreadingFacts): ThreadDecision {
  if (facts.ancestorConversationId !== undefined) return { kind: 'join', conversationId: facts.ancestorConversationId };
  // A new email without references is a new subject: it starts its own conversation.
  if (!joinsByContact(event)) return { kind: 'new' };
  const latest = facts.latestPrivateConversation;
  if (latest === undefined) return { kind: 'new' };
  if (latest.status !== 'resolved') return { kind: 'join', conversationId: latest.id };
  const resolvedAt = latest.resolved_at ?? 0;
  return event.sentAt - resolvedAt <= facts.reopenWindowMs ? { kind: 'reopen', conversationId: latest.id } : { kind: 'new' };
}
