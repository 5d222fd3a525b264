import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../infra/db/migrate.js';
import { openConfiguredDatabase } from '../runtime.js';

/** `rapport migrate`: applies pending migrations to the configured database. */
export function registerMigrateCommand(program: Command): void {
  program.command('migrate')
    .description('Apply pending database migrations (the server also does this on start)')
    .action(async () => {
      const db = openConfiguredDatabase(loadConfig());
      try {
        const applied = await migrateToLatest(db);
        if (applied.length === 0) console.log(`Database (${db.dialect}) is up to date`);
        for (const name of applied) console.log(`applied ${name}`);
      } finally {
        await db.close();
      }
    });
}
