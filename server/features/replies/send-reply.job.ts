import { z } from 'zod';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { JobDefinition } from '../../infra/queue/queue.port.js';
import { presentMessageChange } from '../conversations/conversation.presenter.js';
import { messageColumns } from '../conversations/conversation.service.js';

const payload = z.strictObject({ messageId: z.string().min(1).max(64), workspaceId: z.string().min(1).max(64) });

/** The name and payload of the job that sends one queued reply. */
export const sendReplyJob = { name: 'reply.send', payload } as const;

/** Sends one queued reply through its platform's adapter and records the delivery status on the message. */
export function defineSendReplyJob(ctx: AppContext): JobDefinition<typeof payload> {
  return {
    ...sendReplyJob,
    async run({ messageId, workspaceId }) {
      const db = ctx.db.kysely;
      const message = await db.selectFrom('messages').select(messageColumns).where('workspace_id', '=', workspaceId).where('id', '=', messageId).executeTakeFirst();
      // Already sent (a retry after the platform accepted it) or gone: nothing to do.
      if (message?.delivery_status !== 'queued') return;
      const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', message.conversation_id).executeTakeFirstOrThrow();
      const account = await db.selectFrom('channel_accounts').selectAll().where('id', '=', message.account_id).executeTakeFirstOrThrow();
      const result = await ctx.outbound.adapterFor(account.platform).send({ account, conversation, message, idempotencyKey: `reply-${message.id}` });
      await setDelivery(ctx, message.id, message.conversation_id, workspaceId, { platform_message_id: result.platformMessageId, delivery_status: result.deliveryStatus, delivery_error: null });
    },
    async onFailed({ messageId, workspaceId }, error) {
      const message = await ctx.db.kysely.selectFrom('messages').select(['id', 'conversation_id', 'delivery_status']).where('id', '=', messageId).executeTakeFirst();
      if (message?.delivery_status !== 'queued') return;
      await setDelivery(ctx, messageId, message.conversation_id, workspaceId, { delivery_status: 'failed', delivery_error: error });
    },
  };
}

async function setDelivery(ctx: AppContext, id: string, conversationId: string, workspaceId: string, patch: { platform_message_id?: string; delivery_status: string; delivery_error: string | null }): Promise<void> {
  await inTransaction(ctx, async (trx, emit) => {
    if (patch.platform_message_id !== undefined) await absorbEarlyEcho(trx, id, patch.platform_message_id);
    await trx.updateTable('messages').set(patch).where('id', '=', id).execute();
    emit({ type: 'message.updated', workspaceId, data: { message: presentMessageChange({ id, conversation_id: conversationId, ...patch }) } });
  });
}

/**
 * The platform may announce our own reply (an echo webhook) before the send call returns. Ingest then stored it as a
 * separate brand message; that copy is the same message as ours, so it is folded into ours instead of shown twice.
 */
async function absorbEarlyEcho(trx: Executor, id: string, platformMessageId: string): Promise<void> {
  const own = await trx.selectFrom('messages').select('account_id').where('id', '=', id).executeTakeFirstOrThrow();
  const echo = await trx.selectFrom('messages').select(['id', 'conversation_id'])
    .where('account_id', '=', own.account_id).where('platform_message_id', '=', platformMessageId)
    .where('direction', '=', 'outbound').where('author_user_id', 'is', null).where('id', '!=', id).executeTakeFirst();
  if (echo === undefined) return;
  await trx.deleteFrom('messages').where('id', '=', echo.id).execute();
  await trx.updateTable('conversations').set((eb) => ({ message_count: eb('message_count', '-', 1) })).where('id', '=', echo.conversation_id).execute();
}
