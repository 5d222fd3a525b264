import cliProgress from 'cli-progress';
import type { ImportProgress } from '../features/imports/import.service.js';

/** Shows an import's progress on stderr: a bar on a terminal, a plain line every few seconds otherwise. */
export interface ImportReporter {
  update(progress: ImportProgress): void;
  /** Prints a notice above the bar. */
  log(line: string): void;
  /** Prints a rejected line above the bar; after the first thousand, only the count goes on. */
  rejected(line: string): void;
  stop(): void;
}

const barRefreshMs = 200;
const plainEveryMs = 5_000;
const shownRejectionsMax = 1_000;

/** Creates the reporter for one import of a file of `sizeBytes`. */
export function createImportReporter(options: { sizeBytes: number; bytesRead: () => number; interactive: boolean }): ImportReporter {
  const startedAt = Date.now();
  let latest: Pick<ImportProgress, 'imported' | 'duplicates' | 'rejected'> = { imported: 0, duplicates: 0, rejected: 0 };
  let shownRejections = 0;
  const done = () => Math.min(options.bytesRead(), options.sizeBytes);
  const rate = () => Math.round(((latest.imported + latest.duplicates) * 1000) / Math.max(1, Date.now() - startedAt));
  const payload = () => ({ ...latest, rate: rate(), doneMb: megabytes(done()), sizeMb: megabytes(options.sizeBytes) });

  const bars = options.interactive
    ? new cliProgress.MultiBar({
      stream: process.stderr,
      format: 'import [{bar}] {percentage}% {doneMb}/{sizeMb} MB | {imported} new, {duplicates} dup, {rejected} rejected | {rate} ev/s',
      barsize: 16,
      hideCursor: true,
      clearOnComplete: false,
    }, cliProgress.Presets.shades_classic)
    : undefined;
  const bar = bars?.create(Math.max(1, options.sizeBytes), 0, payload());
  const write = (line: string) => (bars === undefined ? process.stderr.write(`${line}\n`) : bars.log(`${line}\n`));
  const timer = setInterval(() => {
    if (bar !== undefined) bar.update(done(), payload());
    else write(`import: ${percent(done(), options.sizeBytes)}% (${megabytes(done())} of ${megabytes(options.sizeBytes)} MB), ${latest.imported} imported, ${latest.duplicates} duplicates, ${latest.rejected} rejected, ${rate()} events/s`);
  }, bar === undefined ? plainEveryMs : barRefreshMs);
  timer.unref();

  return {
    update(progress) {
      latest = progress;
    },
    log: write,
    rejected(line) {
      shownRejections += 1;
      if (shownRejections <= shownRejectionsMax) write(line);
      if (shownRejections === shownRejectionsMax) write('(further rejected lines are not shown; --rejects FILE keeps them all)');
    },
    stop() {
      clearInterval(timer);
      if (bar !== undefined) bar.update(done(), payload());
      bars?.stop();
    },
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part * 100) / whole);
}
