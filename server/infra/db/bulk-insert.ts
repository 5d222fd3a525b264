import { CompiledQuery, type Insertable } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { Database } from './schema.js';

/** On a primary-key (or unique) conflict, overwrite these columns with the inserted row's values. */
export interface UpsertOn {
  key: string;
  update: readonly string[];
}

/** Bound parameters per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const parameterBudget = 30_000;
const largestStatementRows = 512;

/**
 * SQL text per dialect and statement shape (table, columns, conflict clause, row count), kept by the dialect's adapter
 * class: the text depends only on the dialect, so every connection (and every runtime of a process) shares it.
 */
const compiledByDialect = new WeakMap<object, Map<string, string>>();

/**
 * Inserts rows that all have the same columns with multi-row INSERTs (or upserts), building each statement's SQL once:
 * a batch is split into statements of power-of-two row counts, so a handful of statement shapes per table serve every
 * batch size, compiled by Kysely for the dialect on first use and prepared once by the driver. Same SQL as
 * `insertInto(table).values(rows)`, without rebuilding a query of thousands of values each time.
 */
export async function insertRows<T extends keyof Database>(db: Executor, table: T, rows: ReadonlyArray<Insertable<Database[T]>>, upsert?: UpsertOn): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const largest = largestPowerOfTwo(Math.min(largestStatementRows, Math.floor(parameterBudget / columns.length)));
  for (let start = 0; start < rows.length; ) {
    const count = Math.min(largest, largestPowerOfTwo(rows.length - start));
    const parameters = new Array<unknown>(count * columns.length);
    let next = 0;
    for (let row = start; row < start + count; row += 1) {
      const values = rows[row] as Record<string, unknown>;
      for (const column of columns) parameters[next++] = values[column];
    }
    await db.executeQuery(CompiledQuery.raw(statementSql(db, table, columns, count, upsert), parameters));
    start += count;
  }
}

function largestPowerOfTwo(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

function statementSql(db: Executor, table: keyof Database, columns: readonly string[], count: number, upsert: UpsertOn | undefined): string {
  const key = `insert|${table}|${columns.join(',')}|${upsert === undefined ? '' : `${upsert.key}:${upsert.update.join(',')}`}|${count}`;
  return compiledOnce(db, key, () => compileStatement(db, table, columns, count, upsert));
}

/**
 * SQL text built once per dialect and key (a statement's shape): `compile` runs on first use, later calls get the text,
 * which the driver's statement cache then finds prepared.
 */
export function compiledOnce(db: Executor, key: string, compile: () => string): string {
  const dialectClass: object = db.getExecutor().adapter.constructor;
  let cache = compiledByDialect.get(dialectClass);
  if (cache === undefined) {
    cache = new Map();
    compiledByDialect.set(dialectClass, cache);
  }
  let text = cache.get(key);
  if (text === undefined) {
    text = compile();
    cache.set(key, text);
  }
  return text;
}

/** Compiles the statement with numbered placeholder values and checks they are bound row by row, column by column. */
function compileStatement(db: Executor, table: keyof Database, columns: readonly string[], count: number, upsert: UpsertOn | undefined): string {
  // Column names come from the rows themselves, so the statement is built untyped.
  const values: unknown = Array.from({ length: count }, (_, row) => Object.fromEntries(columns.map((column, index) => [column, row * columns.length + index])));
  let query = db.insertInto(table).values(values as never);
  const parameterCount = count * columns.length;
  if (upsert !== undefined) {
    const update: unknown = (eb: { ref(reference: string): unknown }) => Object.fromEntries(upsert.update.map((column) => [column, eb.ref(`excluded.${column}`)]));
    query = query.onConflict((conflict) => conflict.column(upsert.key as never).doUpdateSet(update as never));
  }
  const compiled = query.compile();
  if (compiled.parameters.length !== parameterCount || !compiled.parameters.every((value, index) => value === index)) throw new Error(`unexpected parameter order compiling a bulk insert into ${table}`);
  return compiled.sql;
}
