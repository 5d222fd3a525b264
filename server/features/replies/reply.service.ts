import { replyRuleBreaches } from '../../../common/channel-rules.js';
import type { MessageVisibility, Platform } from '../../../common/enums.js';
import { inTransaction, type AppContext } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { MessageRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentConversation, presentMessage } from '../conversations/conversation.presenter.js';
import { findConversation } from '../conversations/conversation.repo.js';
import type { CreateReplyBody } from '../conversations/conversation.schemas.js';
import { messageColumns } from '../conversations/conversation.service.js';
import { loadTags } from '../ingest/ingest-lookups.js';
import { sendReplyJob } from './send-reply.job.js';

/**
 * Queues an agent's reply on the customer's channel: the message is stored as `queued` and a send job with the
 * reply's idempotency key is enqueued. The same key twice returns the first reply and sends nothing more. A reply the
 * channel's rules refuse (common/channel-rules.ts: length, private replies, WhatsApp's 24-hour window without a
 * template) is a 422 naming the field and the rule, and nothing is stored or queued.
 */
export async function queueReply(ctx: AppContext, actor: Actor, conversationId: string, body: CreateReplyBody): Promise<{ message: MessageRow; created: boolean }> {
  requirePermission(actor, 'conversations:write');
  const clientKey = body.idempotencyKey ?? null;
  if (clientKey !== null) {
    const existing = await findByClientKey(ctx, actor.workspaceId, clientKey);
    if (existing !== undefined) {
      if (existing.conversation_id !== conversationId) throw new AppError('CONFLICT', 'This idempotency key was used for a reply in another conversation');
      return { message: existing, created: false };
    }
  }
  let message: MessageRow;
  try {
    message = await inTransaction(ctx, async (trx, emit) => {
      const conversation = await findConversation(trx, actor.workspaceId, conversationId);
      if (conversation === undefined) throw notFound('Conversation');
      const visibility = body.visibility ?? (conversation.visibility as MessageVisibility);
      if (visibility === 'public' && conversation.visibility === 'private') {
        throw new AppError('VALIDATION_FAILED', 'A private conversation cannot be answered in public', [{ path: 'body.visibility', message: 'must be private here' }]);
      }
      const now = ctx.clock.now();
      const breaches = replyRuleBreaches({
        channel: conversation.platform as Platform, conversationVisibility: conversation.visibility as MessageVisibility, visibility, text: body.text,
        template: body.template !== undefined, lastInboundAt: conversation.last_inbound_at === null ? null : Number(conversation.last_inbound_at), now,
      });
      if (breaches.length > 0) {
        throw new AppError('VALIDATION_FAILED', breaches.map((breach) => breach.message).join('; '),
          breaches.map((breach) => ({ path: `body.${breach.field}`, message: breach.message, rule: breach.rule })));
      }
      const parent = await trx.selectFrom('messages').select('platform_message_id').where('conversation_id', '=', conversationId)
        .where('direction', '=', 'inbound').where('platform_message_id', 'is not', null).orderBy('sent_at', 'desc').limit(1).executeTakeFirst();
      const row: MessageRow = {
        id: newId(), workspace_id: actor.workspaceId, conversation_id: conversationId, account_id: conversation.account_id, platform: conversation.platform,
        direction: 'outbound', visibility, platform_message_id: null, parent_platform_id: parent?.platform_message_id ?? null, thread_refs: null,
        text: body.text, attachments: '[]', author_contact_id: null, author_user_id: actor.userId, sent_at: now, received_at: now,
        delivery_status: 'queued', delivery_error: null, edited_at: null, deleted_by_author_at: null, receipt_id: null, client_key: clientKey,
        // The channel's adapter sends the template instead of the text (meta.send-plan.ts).
        metadata: body.template === undefined ? '{}' : JSON.stringify({ template: body.template }),
      };
      await trx.insertInto('messages').values(row).execute();
      const updated = {
        ...conversation, message_count: Number(conversation.message_count) + 1, last_message_at: now, waiting_since: null, updated_at: now,
        first_response_at: conversation.first_response_at ?? (conversation.first_inbound_at === null ? null : now),
      };
      await trx.updateTable('conversations').set({
        message_count: updated.message_count, last_message_at: now, waiting_since: null, updated_at: now, first_response_at: updated.first_response_at,
      }).where('id', '=', conversationId).execute();
      const view = presentMessage(row);
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'reply.queued', objectType: 'message', objectId: row.id, after: { conversationId, text: row.text, visibility, ...(body.template === undefined ? {} : { template: body.template.name }) }, at: now });
      const tags = (await loadTags(trx, [conversationId])).get(conversationId) ?? [];
      emit({ type: 'message.queued', workspaceId: actor.workspaceId, data: { message: view } });
      emit({ type: 'conversation.updated', workspaceId: actor.workspaceId, data: { conversation: presentConversation(updated, tags) } });
      return row;
    });
  } catch (error) {
    // Two requests with the same key raced: the first one won, return it.
    if (clientKey !== null && classifyDbError(error) === 'DUPLICATE') {
      const existing = await findByClientKey(ctx, actor.workspaceId, clientKey);
      if (existing !== undefined) return { message: existing, created: false };
    }
    throw error;
  }
  await enqueueSend(ctx, message);
  return { message, created: true };
}

/** Enqueues the send job of a queued reply; safe to call again (the job's dedupe key is the message id). */
export async function enqueueSend(ctx: AppContext, message: Pick<MessageRow, 'id' | 'workspace_id'>): Promise<void> {
  await ctx.queue.enqueue(sendReplyJob.name, { messageId: message.id, workspaceId: message.workspace_id }, { dedupeKey: `reply-${message.id}`, maxAttempts: 8 });
}

/** Re-enqueues replies left `queued` by a crash between commit and enqueue. */
export async function requeueStuckReplies(ctx: AppContext, olderThanMs = 30_000): Promise<number> {
  const rows = await ctx.db.kysely.selectFrom('messages').select(['id', 'workspace_id'])
    .where('direction', '=', 'outbound').where('delivery_status', '=', 'queued').where('received_at', '<', ctx.clock.now() - olderThanMs).limit(10_000).execute();
  for (const row of rows) await enqueueSend(ctx, row);
  return rows.length;
}

async function findByClientKey(ctx: AppContext, workspaceId: string, clientKey: string): Promise<MessageRow | undefined> {
  return ctx.db.kysely.selectFrom('messages').select(messageColumns).where('workspace_id', '=', workspaceId).where('client_key', '=', clientKey).executeTakeFirst();
}
