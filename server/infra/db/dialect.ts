import { PostgresAdapter } from 'kysely';

/** The SQL engines Rapport runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** Tells which engine a Kysely instance talks to. */
export function dialectOf(db: { getExecutor(): { adapter: unknown } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
