import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
const port = parentPort;
if (port === null) throw new Error('worker only');
const settings = workerData as { file: string; intervalMs: number };
const sqlite = new SqliteDatabase(settings.file, { fileMustExist: true });
sqlite.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // ignore
  }
}, settings.intervalMs);
port.on('message', () => {
  clearInterval(timer);
  sqlite.close();
  port.close();
});
