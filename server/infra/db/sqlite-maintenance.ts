import type SqliteDatabase from 'better-sqlite3';

/** Background upkeep of an SQLite connection: fresh planner statistics. */
export interface SqliteMaintenance {
  stop(): void;
}

const optimizeIntervalMs = 3_600_000;

/**
 * Refreshes planner statistics that are missing or stale: PRAGMA optimize when the connection opens and hourly, as SQLite
 * recommends for long-lived connections (cheap: it analyses only tables that grew since, with a bounded sample).
 */
export function startSqliteMaintenance(sqlite: SqliteDatabase.Database): SqliteMaintenance {
  sqlite.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => sqlite.pragma('optimize'), optimizeIntervalMs);
  optimizer.unref();
  return { stop: () => clearInterval(optimizer) };
}
