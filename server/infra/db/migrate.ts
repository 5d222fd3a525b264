import { sql, Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as core from './migrations/2026-11-23T0000-core.js';
import * as triage from './migrations/2026-11-23T0100-triage.js';
import * as listening from './migrations/2026-11-23T0200-listening.js';
import * as email from './migrations/2026-11-23T0300-email.js';
import * as contacts from './migrations/2026-11-23T0500-contacts.js';
import * as webchat from './migrations/2026-11-23T0600-webchat.js';
import * as calls from './migrations/2026-11-23T0700-calls.js';
import * as xOauth from './migrations/2026-11-23T0800-x-oauth.js';
import * as conversationTriage from './migrations/2026-11-23T0900-conversation-triage.js';
import * as triageJobs from './migrations/2026-11-23T1000-triage-jobs.js';

/** Every migration in order; a landed migration is never edited, only followed by a new one. */
const migrations: Record<string, Migration> = {
  '2026-11-23T0000-core': core,
  '2026-11-23T0100-triage': triage,
  '2026-11-23T0200-listening': listening,
  '2026-11-23T0300-email': email,
  '2026-11-23T0500-contacts': contacts,
  '2026-11-23T0600-webchat': webchat,
  '2026-11-23T0700-calls': calls,
  '2026-11-23T0800-x-oauth': xOauth,
  '2026-11-23T0900-conversation-triage': conversationTriage,
  '2026-11-23T1000-triage-jobs': triageJobs,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Thrown when the schema could not be brought up to date. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // On PostgreSQL the history lives in the connection's current schema, so one server can host several databases' schemas.
  const schema = db.dialect === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    migrationTableName: 'rapport_migrations',
    migrationLockTableName: 'rapport_migrations_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
