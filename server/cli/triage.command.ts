import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { destination, pino } from 'pino';
import { loadConfig } from '../config.js';
import { loadCommandModels, triageFile } from '../features/triage/triage-file.service.js';
import type { RecordFormat } from '../features/triage/triage-records.js';
import { migrateToLatest } from '../infra/db/migrate.js';
import { openConfiguredDatabase } from '../runtime.js';

function parseFormat(value: string): RecordFormat {
  if (value === 'csv' || value === 'tsv' || value === 'ndjson') return value;
  throw new InvalidArgumentError('expected csv, tsv or ndjson');
}

/** `rapport triage FILE`: triage a CSV/NDJSON file offline and print one NDJSON line per record. */
export function registerTriageCommand(program: Command): void {
  program.command('triage')
    .description('Triage messages from a CSV (header row) or NDJSON file; prints one NDJSON line per record with its id, sentiment, intent, language, personal data and spam. Needs no running server.')
    .argument('<file>', 'CSV/TSV with a header row, or NDJSON (one JSON object per line)')
    .option('--workspace <slug-or-id>', 'use this workspace\'s trained models (default: the only workspace; the shipped models when there is none)')
    .option('--id-column <name>', 'column or field holding the record id', 'id')
    .option('--text-column <name>', 'column or field holding the message text', 'text')
    .option('--format <format>', 'csv, tsv or ndjson (default: by extension, else by content)', parseFormat)
    .action(async (file: string, options: { workspace?: string; idColumn: string; textColumn: string; format?: RecordFormat }) => {
      const config = loadConfig();
      // Logs go to stderr: stdout carries nothing but the NDJSON results.
      const logger = pino({ name: 'rapport', level: process.env.LOG_LEVEL ?? 'warn' }, destination(2));
      const db = openConfiguredDatabase(config);
      try {
        await migrateToLatest(db);
        const models = await loadCommandModels(db.kysely, logger, options.workspace);
        const count = await triageFile(file, models, process.stdout, options);
        logger.info({ records: count, workspace: models.workspace?.slug ?? null, versions: models.versions }, 'triage finished');
      } finally {
        await db.close();
      }
    });
}
