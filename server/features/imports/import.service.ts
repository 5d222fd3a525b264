import type { InboundEvent } from '../../../common/inbound.js';
import { inTransaction, type AppContext } from '../../app-context.js';
import { newId } from '../../infra/ids.js';
import { systemActor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';
import { loadAccounts } from '../ingest/ingest-lookups.js';
import { parseImportLine } from './import-line.js';
import { findImport, insertImport, saveImportProgress, setImportStatus, type ImportRow, type ImportStatus } from './import.repo.js';

/** A line that was not imported, and why. */
export interface RejectedLine {
  line: number;
  reason: string;
}

/** How far an import run has come; counts are of this run unless named total. */
export interface ImportProgress {
  importId: string;
  /** The number of the last line read (lines skipped because an earlier run did them included). */
  linesRead: number;
  /** Lines skipped because an earlier run of the same file already did them. */
  linesSkipped: number;
  batches: number;
  /** Events that created or changed something. */
  imported: number;
  duplicates: number;
  rejected: number;
}

/** What an import run did. */
export interface ImportSummary extends ImportProgress {
  status: Exclude<ImportStatus, 'running'>;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Accepted and rejected lines over every run of this file. */
  total: { accepted: number; rejected: number };
}

/** One run of a bulk import. */
export interface ImportInput {
  workspaceId: string;
  /** Identifies the file across runs, so a second run resumes after the lines done (see import-file fileKeyOf). */
  fileKey: string;
  /** The file's lines in order, without line ends. */
  lines: AsyncIterable<Uint8Array | string>;
  /** Events per call of the ingest pipeline (default 500). */
  batchSize?: number;
  /** Start from the first line even if an earlier run got further (duplicates are still recognised). */
  restart?: boolean;
  /** Aborting stops the run after the batch in progress is committed; the next run resumes there. */
  signal?: AbortSignal;
  onBatch?: (progress: ImportProgress) => void;
  onRejected?: (rejection: RejectedLine) => void;
}

/** Thrown when the ingest pipeline could not process a batch; progress stops before it, so a re-run retries it. */
export class ImportFailedError extends Error {
  override readonly name = 'ImportFailedError';
}

interface PendingEvent {
  line: number;
  event: InboundEvent;
  raw: unknown;
}

/**
 * Imports NDJSON inbound events through the real ingest pipeline, batch by batch, committing after each batch
 * how many lines are done so that a stopped import resumes where it stopped. Framework-free: the caller supplies
 * the lines and shows progress.
 */
export async function runImport(ctx: AppContext, ingest: IngestPipeline, input: ImportInput): Promise<ImportSummary> {
  const startedAt = Date.now();
  const batchSize = input.batchSize ?? 500;
  const record = await beginImport(ctx, input);
  const resumeAfter = input.restart === true ? 0 : Number(record.lines_done);
  const accounts = await loadAccounts(ctx.db.kysely, input.workspaceId);
  const progress: ImportProgress = { importId: record.id, linesRead: 0, linesSkipped: 0, batches: 0, imported: 0, duplicates: 0, rejected: 0 };
  const totals = { accepted: input.restart === true ? 0 : Number(record.accepted), rejected: input.restart === true ? 0 : Number(record.rejected) };
  let batch: PendingEvent[] = [];
  let rejectedSinceCommit = 0;

  const reject = (line: number, reason: string) => {
    progress.rejected += 1;
    rejectedSinceCommit += 1;
    input.onRejected?.({ line, reason });
  };
  const commit = async (status: ImportStatus) => {
    const accepted = await ingestBatch(ctx, ingest, input.workspaceId, batch, progress, reject);
    totals.accepted += accepted;
    totals.rejected += rejectedSinceCommit;
    await saveImportProgress(ctx.db.kysely, record.id, { linesDone: progress.linesRead, ...totals, status, now: ctx.clock.now() });
    if (batch.length > 0) {
      progress.batches += 1;
      input.onBatch?.({ ...progress });
    }
    batch = [];
    rejectedSinceCommit = 0;
  };

  let status: Exclude<ImportStatus, 'running'> = 'completed';
  try {
    for await (const line of input.lines) {
      if (input.signal?.aborted === true) {
        status = 'interrupted';
        break;
      }
      progress.linesRead += 1;
      if (progress.linesRead <= resumeAfter) {
        progress.linesSkipped += 1;
        continue;
      }
      const parsed = parseImportLine(line, accounts);
      if (parsed.kind === 'rejected') reject(progress.linesRead, parsed.reason);
      if (parsed.kind === 'event') batch.push({ line: progress.linesRead, event: parsed.event, raw: parsed.raw });
      if (batch.length >= batchSize) await commit('running');
    }
    // An interrupted resume may stop before reaching the lines an earlier run did; those stay done.
    progress.linesRead = Math.max(progress.linesRead, resumeAfter);
    await commit(status);
  } catch (error) {
    await setImportStatus(ctx.db.kysely, record.id, 'interrupted', ctx.clock.now()).catch((saveError: unknown) => ctx.logger.error({ err: saveError }, 'saving import status failed'));
    throw error;
  }
  await finishImport(ctx, record, status, progress, totals);
  const elapsedMs = Date.now() - startedAt;
  const handled = progress.imported + progress.duplicates;
  return { ...progress, status, elapsedMs, eventsPerSecond: elapsedMs === 0 ? handled : Math.round((handled * 1000) / elapsedMs), total: totals };
}

async function beginImport(ctx: AppContext, input: ImportInput): Promise<ImportRow> {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const existing = await findImport(trx, input.workspaceId, input.fileKey);
    const row: ImportRow = existing ?? {
      id: newId(), workspace_id: input.workspaceId, file_key: input.fileKey, lines_done: 0, accepted: 0, rejected: 0, status: 'running', created_at: now, updated_at: now,
    };
    if (existing === undefined) await insertImport(trx, row);
    const resumeFromLine = input.restart === true ? 0 : Number(row.lines_done);
    await recordAudit(trx, {
      actor: systemActor(input.workspaceId), workspaceId: input.workspaceId, action: 'import.started', objectType: 'import', objectId: row.id,
      after: { fileKey: input.fileKey, resumeAfterLine: resumeFromLine, restart: input.restart === true }, at: now,
    });
    return row;
  });
}

async function finishImport(ctx: AppContext, record: ImportRow, status: ImportStatus, progress: ImportProgress, totals: { accepted: number; rejected: number }): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx, (trx) => recordAudit(trx, {
    actor: systemActor(record.workspace_id), workspaceId: record.workspace_id, action: `import.${status}`, objectType: 'import', objectId: record.id,
    after: { linesDone: progress.linesRead, imported: progress.imported, duplicates: progress.duplicates, rejected: progress.rejected, total: totals }, at: now,
  }));
}

/** Feeds one batch through the pipeline; returns how many lines it accepted (imported or duplicate). */
async function ingestBatch(
  ctx: AppContext, ingest: IngestPipeline, workspaceId: string, batch: readonly PendingEvent[], progress: ImportProgress, reject: (line: number, reason: string) => void,
): Promise<number> {
  if (batch.length === 0) return 0;
  const result = await ingest.accept({ workspaceId, source: 'import', payload: JSON.stringify(batch.map((item) => item.raw)), events: batch.map((item) => item.event) });
  const first = batch[0]?.line ?? 0;
  const last = batch.at(-1)?.line ?? 0;
  if (result.status !== 'processed') {
    throw new ImportFailedError(`Lines ${first}-${last} could not be processed (receipt ${result.receiptId} is kept as failed; the server log has the reason). Re-run the import to retry from line ${first}.`);
  }
  let accepted = 0;
  result.outcomes.forEach((outcome, index) => {
    const line = batch[index]?.line ?? 0;
    if (outcome.status === 'ignored') return reject(line, outcome.reason ?? 'ignored by the ingest pipeline');
    accepted += 1;
    if (outcome.status === 'duplicate') progress.duplicates += 1;
    else progress.imported += 1;
  });
  return accepted;
}
