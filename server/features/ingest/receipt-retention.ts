import type { AppContext } from '../../app-context.js';
import { deleteProcessedPayloads } from './receipt.repo.js';

/** Payloads deleted per statement: short transactions, so ingest's writes are never held up for long. */
const payloadsPerDelete = 1_000;
/** Time one sweep may spend deleting; what is left goes in the next sweep. */
const sweepBudgetMs = 2_000;

/**
 * Deletes the raw payloads of processed receipts older than RAPPORT_RECEIPT_RETENTION_DAYS (the receipt rows stay, so a
 * redelivered payload is still recognised). Run by the worker's periodic sweep; returns how many payloads it deleted.
 */
export async function sweepReceiptPayloads(ctx: AppContext, now = ctx.clock.now()): Promise<number> {
  const before = now - ctx.config.receiptRetentionMs;
  const started = performance.now();
  let deleted = 0;
  for (;;) {
    const count = await deleteProcessedPayloads(ctx.db.kysely, before, payloadsPerDelete);
    deleted += count;
    if (count < payloadsPerDelete || performance.now() - started > sweepBudgetMs) break;
  }
  if (deleted > 0) ctx.logger.info({ payloads: deleted, retentionDays: ctx.config.receiptRetentionMs / 86_400_000 }, 'deleted the raw payloads of old processed receipts');
  return deleted;
}
