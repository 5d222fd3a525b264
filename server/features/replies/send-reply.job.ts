import { z } from 'zod';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { JobDefinition } from '../../infra/queue/queue.port.js';
import { presentMessageChange } from '../conversations/conversation.presenter.js';
import { messageColumns } from '../conversations/conversation.service.js';
import { furthest, takePendingStatuses } from '../ingest/pending-statuses.js';

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

type Delivery = { status: string; error: string | null };

/**
 * Records where a reply stands. Storing its platform id also takes what the platform said about it meanwhile: an echo
 * of it stored as a message of its own, and delivery statuses that named the id before it was stored. The furthest
 * status wins (sent < delivered < read; failed wins with its reason).
 */
async function setDelivery(ctx: AppContext, id: string, conversationId: string, workspaceId: string, patch: { platform_message_id?: string; delivery_status: string; delivery_error: string | null }): Promise<void> {
  await inTransaction(ctx, async (trx, emit) => {
    let delivery: Delivery = { status: patch.delivery_status, error: patch.delivery_error };
    if (patch.platform_message_id !== undefined) {
      const accountId = (await trx.selectFrom('messages').select('account_id').where('id', '=', id).executeTakeFirstOrThrow()).account_id;
      const echoed = await absorbEarlyEcho(trx, id, accountId, patch.platform_message_id);
      if (echoed !== undefined) delivery = furthest(delivery, echoed);
      const pending = (await takePendingStatuses(trx, accountId, [patch.platform_message_id])).get(patch.platform_message_id);
      if (pending !== undefined) delivery = furthest(delivery, pending);
    }
    const change = { ...patch, delivery_status: delivery.status, delivery_error: delivery.error };
    await trx.updateTable('messages').set(change).where('id', '=', id).execute();
    emit({ type: 'message.updated', workspaceId, data: { message: presentMessageChange({ id, conversation_id: conversationId, ...change }) } });
  });
}

/**
 * The platform may announce our own reply (an echo webhook) before the send call returns. Ingest then stored it as a
 * separate brand message; that copy is the same message as ours, so it is folded into ours instead of shown twice.
 * Returns how far the copy had got (statuses may have reached it already).
 */
async function absorbEarlyEcho(trx: Executor, id: string, accountId: string, platformMessageId: string): Promise<Delivery | undefined> {
  const echo = await trx.selectFrom('messages').select(['id', 'conversation_id', 'delivery_status', 'delivery_error'])
    .where('account_id', '=', accountId).where('platform_message_id', '=', platformMessageId)
    .where('direction', '=', 'outbound').where('author_user_id', 'is', null).where('id', '!=', id).executeTakeFirst();
  if (echo === undefined) return undefined;
  await trx.deleteFrom('messages').where('id', '=', echo.id).execute();
  await trx.updateTable('conversations').set((eb) => ({ message_count: eb('message_count', '-', 1) })).where('id', '=', echo.conversation_id).execute();
  return { status: echo.delivery_status, error: echo.delivery_error };
}
