import { inTransaction, type AppContext } from '../../app-context.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { clearRead, countConversations, isUnread, markRead, type ConversationCounts } from './conversation-read.repo.js';
import { findConversation } from './conversation.repo.js';
import type { ConversationCountsQuery, MarkReadBody, ReadStateView } from './conversation.schemas.js';

function readState(conversation: ConversationRow, readAt: number): ReadStateView {
  return { conversationId: conversation.id, readUpTo: readAt > 0 ? new Date(readAt).toISOString() : null, unread: isUnread(conversation.last_inbound_at, readAt) };
}

function userOf(actor: Actor): string {
  if (actor.userId === null) throw new AppError('FORBIDDEN', 'Read markers belong to a user; this token was not created by one');
  return actor.userId;
}

/**
 * Marks a conversation read for the acting user up to its newest customer message, or up to `upTo` (what the user's
 * screen showed) when that is older; a marker only moves forward. Emits `conversation.read` so the user's other tabs follow.
 */
export async function markConversationRead(ctx: AppContext, actor: Actor, id: string, body: MarkReadBody | undefined): Promise<ReadStateView> {
  requirePermission(actor, 'conversations:read');
  return inTransaction(ctx, async (trx, emit) => {
    const conversation = await findConversation(trx, actor.workspaceId, id);
    if (conversation === undefined) throw notFound('Conversation');
    const userId = userOf(actor);
    const newest = Number(conversation.last_inbound_at ?? 0);
    const seen = body?.upTo === undefined ? newest : Math.min(newest, Date.parse(body.upTo));
    const state = readState(conversation, await markRead(trx, userId, id, seen));
    emit({ type: 'conversation.read', workspaceId: actor.workspaceId, data: { userId, ...state } });
    return state;
  });
}

/** Forgets the acting user's read marker: the conversation shows as unread again (when the customer wrote at all). */
export async function markConversationUnread(ctx: AppContext, actor: Actor, id: string): Promise<ReadStateView> {
  requirePermission(actor, 'conversations:read');
  return inTransaction(ctx, async (trx, emit) => {
    const conversation = await findConversation(trx, actor.workspaceId, id);
    if (conversation === undefined) throw notFound('Conversation');
    const userId = userOf(actor);
    await clearRead(trx, userId, id);
    const state = readState(conversation, 0);
    emit({ type: 'conversation.read', workspaceId: actor.workspaceId, data: { userId, ...state } });
    return state;
  });
}

/** How many conversations the inbox views and queues hold, and how many of each are unread for the viewer. */
export async function getConversationCounts(ctx: AppContext, actor: Actor, filter: ConversationCountsQuery): Promise<ConversationCounts> {
  requirePermission(actor, 'conversations:read');
  return countConversations(ctx.db.kysely, actor.workspaceId, actor.userId, filter);
}
