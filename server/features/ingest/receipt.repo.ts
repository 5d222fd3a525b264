import { sql } from 'kysely';
import type { Executor } from '../../app-context.js';
import { insertRows } from '../../infra/db/bulk-insert.js';
import type { ReceiptRow } from '../../infra/db/schema.js';

/** A receipt with the raw payload it recorded (kept in receipt_payloads): what receipt decoders read. */
export type StoredReceipt = ReceiptRow & { payload: string };

/** Durably records raw payloads; returns once they are committed. */
export async function insertReceipts(db: Executor, receipts: readonly StoredReceipt[]): Promise<void> {
  await insertRows(db, 'receipts', receipts.map(({ payload: _payload, ...row }) => row));
  await insertRows(db, 'receipt_payloads', receipts.map((receipt) => ({ receipt_id: receipt.id, payload: receipt.payload })));
}

/** Marks receipts processed, inside the transaction that applied them. */
export async function markProcessed(trx: Executor, ids: readonly string[], now: number): Promise<void> {
  if (ids.length > 0) await trx.updateTable('receipts').set({ status: 'processed', processed_at: now, error: null }).where('id', 'in', [...ids]).execute();
}

/** Marks receipts whose processing failed; they stay stored with the reason. */
export async function markFailed(db: Executor, ids: readonly string[], error: string, now: number): Promise<void> {
  if (ids.length > 0) await db.updateTable('receipts').set({ status: 'failed', error: error.slice(0, 2000), processed_at: now }).where('id', 'in', [...ids]).execute();
}

/** Receipts not yet processed, oldest first; `receivedBefore` skips ones another request may still be working on. */
export async function listPendingReceipts(db: Executor, options: { limit: number; receivedBefore?: number; afterId?: string }): Promise<StoredReceipt[]> {
  // The literal status lets the planner use the partial index of pending receipts.
  let query = db.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id')
    .selectAll('receipts').select('receipt_payloads.payload').where('receipts.status', '=', sql.lit('pending'));
  if (options.receivedBefore !== undefined) query = query.where('receipts.received_at', '<', options.receivedBefore);
  if (options.afterId !== undefined) query = query.where('receipts.id', '>', options.afterId);
  return query.orderBy('receipts.id').limit(options.limit).execute();
}
