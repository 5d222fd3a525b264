import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Executor } from '../../app-context.js';
import type { WorkspaceRow } from '../../infra/db/schema.js';
import type { Logger } from '../../infra/logger.js';
import { AppError } from '../../http/app-error.js';
import { findWorkspace, listWorkspaces } from '../workspaces/workspace.service.js';
import { createTriageModelCache, type WorkspaceModels } from './triage-model.cache.js';
import { fieldText, readRecords, type RecordFormat } from './triage-records.js';
import { triageMessage } from './triage.service.js';

/** The models a command-line triage runs with, and the workspace they belong to (none: the shipped defaults). */
export interface CommandModels extends WorkspaceModels {
  workspace: WorkspaceRow | undefined;
}

/**
 * The workspace named by --workspace (which must exist), else the only workspace there is; with no workspace at all
 * the shipped default models are used. Its active trained models replace the defaults.
 */
export async function loadCommandModels(db: Executor, logger: Logger, workspaceRef: string | undefined): Promise<CommandModels> {
  const workspace = await chooseWorkspace(db, workspaceRef);
  const cache = createTriageModelCache(db, logger);
  if (workspace === undefined) return { workspace, ...cache.modelsFor('') };
  await cache.refresh(workspace.id);
  return { workspace, ...cache.modelsFor(workspace.id) };
}

async function chooseWorkspace(db: Executor, workspaceRef: string | undefined): Promise<WorkspaceRow | undefined> {
  if (workspaceRef !== undefined) {
    const found = await findWorkspace(db, workspaceRef);
    if (found === undefined) throw new AppError('NOT_FOUND', `There is no workspace "${workspaceRef}"`);
    return found;
  }
  const workspaces = await listWorkspaces(db);
  if (workspaces.length <= 1) return workspaces[0];
  const slugs = workspaces.map((workspace) => workspace.slug).join(', ');
  throw new AppError('VALIDATION_FAILED', `There are ${workspaces.length} workspaces (${slugs}); choose one with --workspace <slug>`, [{ path: '--workspace', message: 'required when there is more than one workspace' }]);
}

/** Where the id and text of each record are, and what format the file is in (by extension or content when omitted). */
export interface TriageFileOptions {
  idColumn: string;
  textColumn: string;
  format?: RecordFormat | undefined;
}

const flushBytes = 64 * 1024;

/** Streams a CSV/NDJSON file through triage and writes one NDJSON line per record, keeping its id; returns the count. */
export async function triageFile(file: string, models: WorkspaceModels, out: Writable, options: TriageFileOptions): Promise<number> {
  let buffer = '';
  let count = 0;
  for await (const record of readRecords(file, options.format)) {
    count += 1;
    const id = record[options.idColumn] ?? count;
    const result = triageMessage({ text: fieldText(record, options.textColumn) }, models.models);
    buffer += `${JSON.stringify({
      id,
      sentiment: result.sentiment,
      intent: result.intent,
      language: result.language,
      languageReliable: result.languageReliable,
      personalData: result.personalData,
      spam: result.spam,
      urgency: result.urgency,
    })}\n`;
    if (buffer.length >= flushBytes) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  if (buffer !== '' && !out.write(buffer)) await once(out, 'drain');
  return count;
}
