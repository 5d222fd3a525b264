import fs from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { openImportFile } from '../features/imports/import-file.js';
import { runImport, type ImportSummary } from '../features/imports/import.service.js';
import { createImportReporter } from './import-progress.js';
import { parsePositiveInt, selectWorkspace, withRuntime, workspaceOption } from './cli-support.js';

interface ImportOptions {
  workspace?: string;
  rejects?: string;
  restart?: boolean;
  batchSize: number;
}

/** `rapport import FILE`: bulk NDJSON import through the ingest pipeline, resumable. */
export function registerImportCommand(program: Command): void {
  program.command('import')
    .description('Import inbound events from an NDJSON file (one event per line, as the inbound API takes them); re-running the same file resumes after the lines done')
    .argument('<file>', 'NDJSON file')
    .option(...workspaceOption)
    .option('--rejects <file>', 'also write rejected lines ("line N: reason") to this file')
    .option('--restart', 'start from the first line even if an earlier run got further (events already stored count as duplicates)')
    .option('--batch-size <events>', 'events per ingest transaction', parsePositiveInt, 500)
    .action(async (file: string, options: ImportOptions) => {
      const summary = await withRuntime(async ({ ctx, ingest }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const source = await openImportFile(file);
        const rejects = options.rejects === undefined ? undefined : fs.createWriteStream(options.rejects, { flags: 'w' });
        const reporter = createImportReporter({ sizeBytes: source.sizeBytes, bytesRead: () => source.bytesRead(), interactive: process.stderr.isTTY });
        const abort = new AbortController();
        const onSignal = () => {
          if (abort.signal.aborted) process.exit(130);
          abort.abort();
          reporter.log('Stopping after the batch in progress… (press Ctrl-C again to quit at once)');
        };
        process.on('SIGINT', onSignal);
        try {
          return await runImport(ctx, ingest, {
            workspaceId: workspace.id, fileKey: source.fileKey, lines: source.lines, batchSize: options.batchSize, restart: options.restart === true, signal: abort.signal,
            onBatch: (progress) => reporter.update(progress),
            onRejected: ({ line, reason }) => {
              const text = `line ${line}: ${reason}`;
              reporter.rejected(text);
              rejects?.write(`${text}\n`);
            },
          });
        } finally {
          reporter.stop();
          process.off('SIGINT', onSignal);
          if (rejects !== undefined) {
            rejects.end();
            await once(rejects, 'close');
          }
        }
      });
      printSummary(file, summary, options.rejects);
      if (summary.status === 'interrupted') process.exitCode = 130;
    });
}

function printSummary(file: string, summary: ImportSummary, rejectsFile: string | undefined): void {
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  const verb = summary.status === 'completed' ? 'Imported' : 'Interrupted import of';
  console.log(`${verb} ${file}: ${summary.imported} imported, ${summary.duplicates} duplicates, ${summary.rejected} rejected in ${seconds} s (${summary.eventsPerSecond} events/s)`);
  if (summary.linesSkipped > 0) console.log(`Skipped ${summary.linesSkipped} lines an earlier run already did (--restart to redo them).`);
  if (summary.status === 'interrupted') console.log(`Stopped after line ${summary.linesRead}; run the same command again to resume.`);
  if (rejectsFile !== undefined && summary.rejected > 0) console.log(`Rejected lines are listed in ${rejectsFile}.`);
}
