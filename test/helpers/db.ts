import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../server/infra/db/database.js';
import { migrateToLatest } from '../../server/infra/db/migrate.js';

/** The engines the integration suite runs on: SQLite always, PostgreSQL when DATABASE_URL is set. */
export const testEngines: Array<'sqlite' | 'postgres'> = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A database URL (or SQLite file) of its own for one test, and how to drop it afterwards. */
export interface TestDatabase {
  target: { sqliteFile: string } | { postgresUrl: string };
  drop(): Promise<void>;
}

/** Makes an empty database for one test: an in-memory SQLite, or a fresh PostgreSQL schema. */
export async function createTestDatabase(engine: 'sqlite' | 'postgres', sqliteFile = ':memory:'): Promise<TestDatabase> {
  if (engine === 'sqlite') return { target: { sqliteFile }, drop: async () => undefined };
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl === undefined) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    target: { postgresUrl: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Opens a migrated empty database for one test; close() also drops it. */
export async function openTestDb(engine: 'sqlite' | 'postgres'): Promise<Db> {
  const database = await createTestDatabase(engine);
  const db = openDatabase(database.target);
  await migrateToLatest(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}
