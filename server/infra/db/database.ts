import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';
import { startSqliteMaintenance } from './sqlite-maintenance.js';

/** An open connection to Rapport's database, whichever engine it is. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Where the database lives: a PostgreSQL URL, or an SQLite file (":memory:" for a throwaway one). */
export type DbTarget = { postgresUrl: string } | { sqliteFile: string };

const statementCacheSize = 500;
/** WAL pages (4 KB) after which a commit checkpoints. */
const checkpointPages = 10_000;
/** Size a reset WAL file is truncated to. */
const walSizeLimitBytes = 64 * 1024 * 1024;

/** Opens the database and returns a Kysely instance over it. */
export function openDatabase(target: DbTarget): Db {
  if ('postgresUrl' in target) return openPostgres(target.postgresUrl);
  return openSqlite(target.sqliteFile);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint after ~40 MB of WAL rather than 4 MB: ingest rewrites the same index pages batch after batch, and a
  // checkpoint copies each page once however often it changed, so rarer checkpoints copy far less.
  sqlite.pragma(`wal_autocheckpoint = ${checkpointPages}`);
  sqlite.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const maintenance = startSqliteMaintenance(sqlite);
  return {
    kysely,
    dialect: 'sqlite',
    async close() {
      maintenance.stop();
      await kysely.destroy();
    },
  };
}

/** Kysely prepares every query anew; reusing prepared statements by SQL text saves most of that cost. */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = sqlite.prepare(source);
      if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function openPostgres(url: string): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        // int8 (bigint, e.g. epoch milliseconds) fits in a JS number for every value Rapport stores.
        if (oid === 20) return (value: string) => Number(value);
        return (format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')) as (value: string) => unknown;
      },
    },
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
