import SqliteDatabase from 'better-sqlite3';

/** Read-only questions the crash test asks the server's SQLite file directly, from outside the server process. */
export interface CrashStore {
  /** Receipts recorded but not (yet) processed. */
  pendingReceiptIds(): string[];
  /** How many receipts there are in each status. */
  receiptsByStatus(): Record<string, number>;
  /** Status of each of these receipts. */
  receiptStatuses(ids: readonly string[]): Map<string, string>;
  /** How many messages each platform message id has. */
  messageCounts(): Map<string, number>;
  /** Messages whose receipt is one of these. */
  messagesFromReceipts(ids: readonly string[]): number;
  close(): void;
}

/** Opens a second connection on the server's database (WAL lets it read while the server writes). */
export function openCrashStore(file: string): CrashStore {
  const sqlite = new SqliteDatabase(file, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 10000');
  const inList = (ids: readonly string[]) => ids.map(() => '?').join(', ');
  return {
    pendingReceiptIds: () => (sqlite.prepare("select id from receipts where status = 'pending'").all() as Array<{ id: string }>).map((row) => row.id),
    receiptsByStatus() {
      const rows = sqlite.prepare('select status, count(*) as n from receipts group by status').all() as Array<{ status: string; n: number }>;
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    },
    receiptStatuses(ids) {
      if (ids.length === 0) return new Map();
      const rows = sqlite.prepare(`select id, status from receipts where id in (${inList(ids)})`).all(...ids) as Array<{ id: string; status: string }>;
      return new Map(rows.map((row) => [row.id, row.status]));
    },
    messageCounts() {
      const rows = sqlite.prepare('select platform_message_id as id, count(*) as n from messages group by platform_message_id').all() as Array<{ id: string; n: number }>;
      return new Map(rows.map((row) => [row.id, row.n]));
    },
    messagesFromReceipts(ids) {
      if (ids.length === 0) return 0;
      return (sqlite.prepare(`select count(*) as n from messages where receipt_id in (${inList(ids)})`).get(...ids) as { n: number }).n;
    },
    close: () => sqlite.close(),
  };
}
