import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../../test/helpers/db.js';
import type { TargetFactory } from './ingest-section.js';
import { ingestTables } from './raw-insert.js';
import { insertPgRows } from './row-sinks.js';

/** PostgreSQL targets: a fresh schema of DATABASE_URL per database; the raw baseline uses pg with multi-row INSERTs. */
export function postgresTargets(root: string): TargetFactory {
  return {
    async create(label) {
      const database = await createTestDatabase('postgres');
      if (!('postgresUrl' in database.target)) throw new Error('expected a PostgreSQL target');
      return { dataDir: path.join(root, label), databaseUrl: database.target.postgresUrl, drop: () => database.drop() };
    },
    async insertRaw(target, rows) {
      const client = new pg.Client({ connectionString: target.databaseUrl });
      await client.connect();
      try {
        for (const table of ['workspaces', 'channel_accounts'] as const) await insertPgRows(client, table, rows[table]);
        const started = performance.now();
        for (const table of ingestTables) await insertPgRows(client, table, rows[table]);
        return (performance.now() - started) / 1000;
      } finally {
        await client.end();
      }
    },
  };
}
