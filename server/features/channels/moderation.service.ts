import { inTransaction, type AppContext } from '../../app-context.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentMessage, presentMessageChange } from '../conversations/conversation.presenter.js';
import { messageColumns } from '../conversations/conversation.service.js';
import type { MessageView } from '../conversations/conversation.schemas.js';

/** Why and whether an agent hides a public comment. */
export interface HideInput {
  reason: string;
  hidden: boolean;
}

/**
 * Hides a customer's public comment on the platform (or shows it again). Nothing is deleted, on the platform or here:
 * the message stays in the conversation, the hiding is noted on it, and the reason goes to the audit log.
 */
export async function hideMessage(ctx: AppContext, actor: Actor, messageId: string, input: HideInput): Promise<MessageView> {
  requirePermission(actor, 'conversations:write');
  const db = ctx.db.kysely;
  const message = await db.selectFrom('messages').select(messageColumns).where('workspace_id', '=', actor.workspaceId).where('id', '=', messageId).executeTakeFirst();
  if (message === undefined) throw notFound('Message');
  if (message.direction !== 'inbound' || message.visibility !== 'public' || message.platform_message_id === null) {
    throw new AppError('VALIDATION_FAILED', 'Only a customer\'s public comment can be hidden', [{ path: 'id', message: 'not a public customer comment' }]);
  }
  const adapter = ctx.outbound.adapterFor(message.platform);
  if (adapter.hide === undefined) throw new AppError('VALIDATION_FAILED', `Rapport cannot hide ${message.platform} comments`, [{ path: 'id', message: 'the platform cannot hide comments' }]);
  const account = await db.selectFrom('channel_accounts').selectAll().where('id', '=', message.account_id).executeTakeFirstOrThrow();
  await adapter.hide({ account, platformMessageId: message.platform_message_id, hidden: input.hidden });
  const now = ctx.clock.now();
  const metadata = JSON.parse(message.metadata) as Record<string, unknown>;
  if (input.hidden) metadata.hidden = { at: now, by: actor.userId, reason: input.reason };
  else delete metadata.hidden;
  const updated = { ...message, metadata: JSON.stringify(metadata) };
  await inTransaction(ctx, async (trx, emit) => {
    await trx.updateTable('messages').set({ metadata: updated.metadata }).where('id', '=', message.id).execute();
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: input.hidden ? 'message.hidden' : 'message.unhidden', objectType: 'message', objectId: message.id,
      after: { platform: message.platform, platformMessageId: message.platform_message_id, reason: input.reason }, at: now,
    });
    emit({ type: 'message.updated', workspaceId: actor.workspaceId, data: { message: presentMessageChange({ id: message.id, conversation_id: message.conversation_id, metadata: updated.metadata }) } });
  });
  return presentMessage(updated);
}
