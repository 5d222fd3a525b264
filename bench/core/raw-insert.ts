import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/infra/db/schema.js';

/** The tables whose rows ingest produces, in foreign-key order. */
export const ingestTables = ['contacts', 'contact_identities', 'conversations', 'messages'] as const;
/** What those rows refer to: copied before the timed part. */
const referenceTables = ['workspaces', 'channel_accounts'] as const;
type CopiedTable = (typeof ingestTables)[number] | (typeof referenceTables)[number];

/** Rows of the tables ingest writes, as stored (SQLite's messages.seq left out: the insert assigns it). */
export type TableRows = Record<CopiedTable, Array<Record<string, unknown>>>;

/** Reads every row ingest produced, in insertion order, and the workspace and accounts they belong to. */
export async function readIngestRows(db: Kysely<Database>): Promise<TableRows> {
  const rows = {} as TableRows;
  for (const table of [...referenceTables, ...ingestTables]) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(db);
    rows[table] = result.rows.map((row) => {
      const { seq: _seq, search: _search, ...rest } = row;
      return rest;
    });
  }
  return rows;
}

/** Counts all rows. */
export function rowCount(rows: TableRows): number {
  return ingestTables.reduce((sum, table) => sum + rows[table].length, 0);
}

const sqliteParameterBudget = 32_000;
const rowsPerTransaction = 2_000;

/** The pragmas a connection runs with, read back so the raw baseline uses exactly what Rapport's connection uses. */
export async function readSqlitePragmas(db: Kysely<Database>): Promise<Record<string, string | number>> {
  const names = ['journal_mode', 'synchronous', 'foreign_keys', 'cache_size', 'temp_store', 'busy_timeout', 'wal_autocheckpoint', 'mmap_size', 'journal_size_limit'];
  const pragmas: Record<string, string | number> = {};
  for (const name of names) {
    const result = await sql<Record<string, string | number>>`${sql.raw(`pragma ${name}`)}`.execute(db);
    const value = Object.values(result.rows[0] ?? {})[0];
    if (value !== undefined) pragmas[name] = value;
  }
  return pragmas;
}

/**
 * Inserts the rows into an empty, migrated SQLite database with plain multi-row prepared INSERTs, a few thousand rows per
 * transaction, on better-sqlite3 with the given pragmas: the fastest honest way to store the same data. Returns seconds.
 */
export function insertRawSqlite(file: string, rows: TableRows, pragmas: Record<string, string | number>): number {
  const sqlite = new SqliteDatabase(file);
  for (const [name, value] of Object.entries(pragmas)) sqlite.pragma(`${name} = ${value}`);
  try {
    for (const table of referenceTables) insertRows(sqlite, table, rows[table]);
    const started = performance.now();
    for (const table of ingestTables) insertRows(sqlite, table, rows[table]);
    return (performance.now() - started) / 1000;
  } finally {
    sqlite.close();
  }
}

/** Inserts rows (all with the same keys) with multi-row prepared statements, a few thousand rows per transaction. */
export function insertRows(sqlite: SqliteDatabase.Database, table: string, rows: ReadonlyArray<Record<string, unknown>>): void {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const perStatement = Math.min(500, Math.floor(sqliteParameterBudget / columns.length));
  const statementFor = (count: number) => sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: count }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
  );
  const full = statementFor(perStatement);
  const insertChunk = sqlite.transaction((chunk: ReadonlyArray<Record<string, unknown>>) => {
    for (let start = 0; start < chunk.length; start += perStatement) {
      const part = chunk.slice(start, start + perStatement);
      const values = part.flatMap((row) => columns.map((column) => row[column]));
      (part.length === perStatement ? full : statementFor(part.length)).run(values);
    }
  });
  for (let start = 0; start < rows.length; start += rowsPerTransaction) insertChunk(rows.slice(start, start + rowsPerTransaction));
}
