import { sql } from 'kysely';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { MessageRow, PendingStatusRow } from '../../infra/db/schema.js';
import { presentMessageChange } from '../conversations/conversation.presenter.js';
import { keyChunks } from './ingest-lookups.js';

/**
 * Delivery statuses that arrive before their message is known. A platform can report a brand message delivered or read
 * (a WhatsApp `statuses` entry, a Messenger `delivery`, an email bounce) before the send job has stored the platform's
 * id for it: the status then names an id no message has yet. It is kept here, one row per (account, platform id) with
 * the furthest status seen, and applied when the id is stored: by the send job, by ingest when an echo brings the
 * message, or by the sweep, which also drops what no message claimed within a day (the statuses of messages another
 * tool sent from the same number never find theirs).
 */

/** How far a message has got: statuses only move forward (sent < delivered < read), and failed wins. */
export const deliveryRank: Readonly<Record<string, number>> = { received: 0, queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** A status kept until its message is known. */
export interface DeferredStatus {
  workspaceId: string;
  accountId: string;
  platformMessageId: string;
  status: string;
  error: string | null;
  at: number;
}

/** How long a status waits for its message before the sweep drops it. */
export const pendingStatusTtlMs = 86_400_000;

/** The furthest of two statuses, with the error that goes with it (a failure keeps its reason). */
export function furthest(current: { status: string; error: string | null }, next: { status: string; error: string | null }): { status: string; error: string | null } {
  return (deliveryRank[next.status] ?? 0) > (deliveryRank[current.status] ?? 0) ? next : current;
}

const rankSql = (column: string) => sql<number>`case ${sql.ref(column)} when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'failed' then 4 else 0 end`;

/** Keeps statuses whose message is not known yet; a row already kept moves forward only. */
export async function deferStatuses(trx: Executor, statuses: readonly DeferredStatus[], now: number): Promise<void> {
  if (statuses.length === 0) return;
  // One row per message, the furthest status of the batch: an upsert may not touch the same row twice.
  const byKey = new Map<string, DeferredStatus>();
  for (const status of statuses) {
    const key = `${status.accountId}\u0000${status.platformMessageId}`;
    const kept = byKey.get(key);
    if (kept === undefined || furthest(kept, status) === status) byKey.set(key, status);
  }
  const rows: PendingStatusRow[] = [...byKey.values()].map((status) => ({
    account_id: status.accountId, platform_message_id: status.platformMessageId, workspace_id: status.workspaceId,
    status: status.status, error: status.error, status_at: status.at, received_at: now,
  }));
  for (let start = 0; start < rows.length; start += 200) {
    await trx.insertInto('pending_statuses').values(rows.slice(start, start + 200))
      .onConflict((conflict) => conflict.columns(['account_id', 'platform_message_id']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'), error: eb.ref('excluded.error'), status_at: eb.ref('excluded.status_at'), received_at: eb.ref('excluded.received_at'),
      })).where(() => sql<boolean>`${rankSql('excluded.status')} > ${rankSql('pending_statuses.status')}`))
      .execute();
  }
}

/** Removes and returns the statuses kept for these platform ids of one account (the messages that now have them). */
export async function takePendingStatuses(trx: Executor, accountId: string, platformMessageIds: readonly string[]): Promise<Map<string, PendingStatusRow>> {
  const found = new Map<string, PendingStatusRow>();
  for (const part of keyChunks([...new Set(platformMessageIds)])) {
    const rows = await trx.selectFrom('pending_statuses').selectAll().where('account_id', '=', accountId).where('platform_message_id', 'in', part).execute();
    if (rows.length === 0) continue;
    for (const row of rows) found.set(row.platform_message_id, row);
    await trx.deleteFrom('pending_statuses').where('account_id', '=', accountId).where('platform_message_id', 'in', rows.map((row) => row.platform_message_id)).execute();
  }
  return found;
}

/** Gives new brand messages (echoes of what the brand sent on the platform) the statuses that arrived before them. */
export async function claimPendingStatuses(trx: Executor, messages: readonly MessageRow[]): Promise<void> {
  const byAccount = new Map<string, MessageRow[]>();
  for (const message of messages) {
    // Calls have no delivery status: only written brand messages are looked up.
    if (message.direction !== 'outbound' || message.platform_message_id === null || message.platform === 'phone') continue;
    const own = byAccount.get(message.account_id);
    if (own === undefined) byAccount.set(message.account_id, [message]);
    else own.push(message);
  }
  for (const [accountId, own] of byAccount) {
    const pending = await takePendingStatuses(trx, accountId, own.map((message) => message.platform_message_id as string));
    for (const message of own) {
      const kept = pending.get(message.platform_message_id as string);
      if (kept === undefined) continue;
      const next = furthest({ status: message.delivery_status, error: message.delivery_error }, kept);
      message.delivery_status = next.status;
      message.delivery_error = next.error;
    }
  }
}

/**
 * The sweep's part: applies kept statuses whose message has its platform id by now (a send and a status that crossed
 * each other on two nodes), then drops those no message claimed within the time to live. Returns how many it applied.
 */
export async function sweepPendingStatuses(ctx: AppContext, limit = 500): Promise<number> {
  const db = ctx.db.kysely;
  const matched = await db.selectFrom('pending_statuses as p')
    .innerJoin('messages as m', (join) => join.onRef('m.account_id', '=', 'p.account_id').onRef('m.platform_message_id', '=', 'p.platform_message_id'))
    .select(['p.account_id', 'p.platform_message_id', 'p.workspace_id', 'm.id', 'm.conversation_id'])
    .limit(limit).execute();
  for (const row of matched) {
    await inTransaction(ctx, async (trx, emit) => {
      const pending = (await takePendingStatuses(trx, row.account_id, [row.platform_message_id])).get(row.platform_message_id);
      const message = await trx.selectFrom('messages').select(['delivery_status', 'delivery_error']).where('id', '=', row.id).executeTakeFirst();
      if (pending === undefined || message === undefined) return;
      const next = furthest({ status: message.delivery_status, error: message.delivery_error }, pending);
      if (next === pending && message.delivery_status !== 'queued') {
        const patch: Partial<MessageRow> = { delivery_status: next.status, delivery_error: next.error };
        await trx.updateTable('messages').set(patch).where('id', '=', row.id).execute();
        emit({ type: 'message.updated', workspaceId: row.workspace_id, data: { message: presentMessageChange({ id: row.id, conversation_id: row.conversation_id, ...patch }) } });
      }
    });
  }
  await db.deleteFrom('pending_statuses').where('received_at', '<', ctx.clock.now() - pendingStatusTtlMs).execute();
  return matched.length;
}
