import type { Executor } from '../../app-context.js';
import type { SecretBox } from '../../infra/secret-box.js';
import { insertReceipts, type StoredReceipt } from './receipt.repo.js';

/** Durably records one receipt; resolves once it is committed. */
export type ReceiptWriter = (receipt: StoredReceipt) => Promise<void>;

interface Waiting {
  receipt: StoredReceipt;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const receiptsPerInsert = 100;

/**
 * Group commit for receipts: the receipts recorded while the previous write waited for the database go in together, one
 * multi-row INSERT per hundred in one transaction, instead of one commit each. A chunk that fails is retried row by row,
 * so one bad receipt cannot fail the others. Payloads are sealed with the secret box as they are written.
 */
export function createReceiptWriter(db: Executor, secrets: SecretBox): ReceiptWriter {
  let waiting: Waiting[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    scheduled = false;
    for (let start = 0; start < batch.length; start += receiptsPerInsert) {
      const part = batch.slice(start, start + receiptsPerInsert);
      try {
        await db.transaction().execute((trx) => insertReceipts(trx, part.map((item) => item.receipt), secrets));
        for (const item of part) item.resolve();
      } catch {
        for (const item of part) await insertReceipts(db, [item.receipt], secrets).then(item.resolve, item.reject);
      }
    }
  }

  return (receipt) => new Promise<void>((resolve, reject) => {
    waiting.push({ receipt, resolve, reject });
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  });
}
