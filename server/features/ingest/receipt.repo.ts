import { sql } from 'kysely';
import type { Executor } from '../../app-context.js';
import { insertRows } from '../../infra/db/bulk-insert.js';
import type { ReceiptRow } from '../../infra/db/schema.js';
import { idsBefore } from '../../infra/ids.js';
import type { SecretBox } from '../../infra/secret-box.js';

/** A receipt with the raw payload it recorded (kept sealed in receipt_payloads), in the clear: what receipt decoders read. */
export type StoredReceipt = ReceiptRow & { payload: string };

/** A receipt as listed from the database: its payload still sealed (open it with openReceiptPayload). */
export type SealedReceipt = ReceiptRow & { sealedPayload: string };

/** `v1.<iv>.<tag>.<body>` as the secret box writes it (12-byte iv, 16-byte tag, base64url). */
const sealedPattern = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\./;

/**
 * A stored payload in the clear. Payloads are sealed (AES-256-GCM) when written; a row written before they were (plain
 * JSON or a raw email, which never looks like a sealed value) is returned as it is. A sealed payload the key cannot
 * open throws.
 */
export function openReceiptPayload(secrets: SecretBox, stored: string): string {
  return sealedPattern.test(stored) ? secrets.open(stored) : stored;
}

/**
 * Durably records raw payloads; returns once they are committed. Each payload is sealed with the secret box (one
 * AES-GCM per receipt, in the same statement as before): a card number a customer posted is masked in the message and
 * unreadable here too.
 */
export async function insertReceipts(db: Executor, receipts: readonly StoredReceipt[], secrets: SecretBox): Promise<void> {
  await insertRows(db, 'receipts', receipts.map(({ payload: _payload, ...row }) => row));
  await insertRows(db, 'receipt_payloads', receipts.map((receipt) => ({ receipt_id: receipt.id, payload: secrets.seal(receipt.payload) })));
}

/** Marks receipts processed, inside the transaction that applied them. */
export async function markProcessed(trx: Executor, ids: readonly string[], now: number): Promise<void> {
  if (ids.length > 0) await trx.updateTable('receipts').set({ status: 'processed', processed_at: now, error: null }).where('id', 'in', [...ids]).execute();
}

/** Marks receipts whose processing failed; they stay stored with the reason. */
export async function markFailed(db: Executor, ids: readonly string[], error: string, now: number): Promise<void> {
  if (ids.length > 0) await db.updateTable('receipts').set({ status: 'failed', error: error.slice(0, 2000), processed_at: now }).where('id', 'in', [...ids]).execute();
}

/** Receipts not yet processed, oldest first, payloads still sealed; `receivedBefore` skips ones another request may still be working on. */
export async function listPendingReceipts(db: Executor, options: { limit: number; receivedBefore?: number; afterId?: string }): Promise<SealedReceipt[]> {
  // The literal status lets the planner use the partial index of pending receipts.
  let query = db.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id')
    .selectAll('receipts').select('receipt_payloads.payload as sealedPayload').where('receipts.status', '=', sql.lit('pending'));
  if (options.receivedBefore !== undefined) query = query.where('receipts.received_at', '<', options.receivedBefore);
  if (options.afterId !== undefined) query = query.where('receipts.id', '>', options.afterId);
  return query.orderBy('receipts.id').limit(options.limit).execute();
}

/** The payload of one receipt of a workspace, in the clear (undefined when there is none, or it was removed by retention). */
export async function readReceiptPayload(db: Executor, secrets: SecretBox, workspaceId: string, receiptId: string): Promise<string | undefined> {
  const row = await db.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select('receipt_payloads.payload')
    .where('receipts.workspace_id', '=', workspaceId).where('receipts.id', '=', receiptId).executeTakeFirst();
  return row === undefined ? undefined : openReceiptPayload(secrets, row.payload);
}

/**
 * Deletes up to `limit` payloads of receipts processed and received before `before` (oldest first); the receipt rows
 * stay, for idempotency and the audit of what arrived. Walks the payloads' primary key up to the ids of that time
 * (ids are time-ordered), so it needs no index of its own. Returns how many it deleted.
 */
export async function deleteProcessedPayloads(db: Executor, before: number, limit: number): Promise<number> {
  const rows = await db.selectFrom('receipt_payloads').innerJoin('receipts', 'receipts.id', 'receipt_payloads.receipt_id')
    .select('receipt_payloads.receipt_id')
    .where('receipt_payloads.receipt_id', '<', idsBefore(before))
    .where('receipts.status', '=', 'processed').where('receipts.received_at', '<', before)
    .orderBy('receipt_payloads.receipt_id').limit(limit).execute();
  if (rows.length === 0) return 0;
  await db.deleteFrom('receipt_payloads').where('receipt_id', 'in', rows.map((row) => row.receipt_id)).execute();
  return rows.length;
}
