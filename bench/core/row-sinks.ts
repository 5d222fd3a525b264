import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { insertRows } from './raw-insert.js';

/** Where generated rows go: plain multi-row INSERTs into one engine, then fresh planner statistics. */
export interface RowSink {
  insert(table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void>;
  /** Refreshes statistics once everything is in. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** A bulk load into an SQLite file: no journal and no syncs while loading, then ANALYZE, PRAGMA optimize and back to WAL. */
export function sqliteSink(file: string): RowSink {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  return {
    insert: async (table, rows) => insertRows(sqlite, table, rows),
    async finish() {
      sqlite.exec('ANALYZE');
      sqlite.pragma('optimize');
      sqlite.pragma('journal_mode = WAL');
    },
    close: async () => void sqlite.close(),
  };
}

const pgParameterBudget = 60_000;
const pgRowsPerTransaction = 2_000;

/** Inserts rows (all with the same keys) into PostgreSQL with multi-row INSERTs, a few thousand rows per transaction. */
export async function insertPgRows(client: pg.Client, table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const perStatement = Math.floor(pgParameterBudget / columns.length);
  for (let start = 0; start < rows.length; start += pgRowsPerTransaction) {
    const chunk = rows.slice(start, start + pgRowsPerTransaction);
    await client.query('begin');
    for (let offset = 0; offset < chunk.length; offset += perStatement) {
      const part = chunk.slice(offset, offset + perStatement);
      const tuples = part.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
      await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, part.flatMap((row) => columns.map((column) => row[column])));
    }
    await client.query('commit');
  }
}

/** A load into a PostgreSQL schema (the URL's search_path), then ANALYZE. */
export async function postgresSink(url: string): Promise<RowSink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    insert: (table, rows) => insertPgRows(client, table, rows),
    finish: async () => void (await client.query('analyze')),
    close: () => client.end(),
  };
}
