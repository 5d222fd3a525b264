/**
 * Entry point of a triage worker thread: triages the messages the pool sends, with the shipped default models (loaded
 * once) or a workspace's trained ones (sent with the first request that needs a version). It never sees the secret key:
 * drafts come back unsealed.
 */
import { parentPort } from 'node:worker_threads';
import { decodeWorkspaceModels, type WorkspaceModels } from './triage-model.cache.js';
import type { TriageReply, TriageRequest } from './triage-pool.types.js';
import { draftTriage, type TriageDraft } from './triage.enricher.js';
import { loadDefaultModels } from './triage.models.js';

const port = parentPort;
if (port === null) throw new Error('triage.worker runs only as a worker thread');

const defaults: WorkspaceModels = { models: loadDefaultModels(), versions: { intent: null, sentiment: null } };
const trained = new Map<string, { signature: string; models: WorkspaceModels }>();

function answer(request: TriageRequest): TriageReply {
  const problems: string[] = [];
  for (const source of request.models) {
    const models = decodeWorkspaceModels(source.rows, defaults.models, (row, error) => {
      problems.push(`stored triage model ${row.id} of workspace ${source.workspaceId} cannot be read (${describe(error)}); using the default model`);
    });
    trained.set(source.workspaceId, { signature: source.signature, models });
  }
  const drafts = request.jobs.map((job) => {
    const own = trained.get(job.workspaceId);
    const models = job.signature !== '' && own?.signature === job.signature ? own.models : defaults;
    return job.subjects.map((subject): TriageDraft | null => {
      try {
        return draftTriage(subject, models);
      } catch (error) {
        problems.push(`triage of a message of workspace ${job.workspaceId} failed: ${describe(error)}`);
        return null;
      }
    });
  });
  return { kind: 'done', id: request.id, drafts, problems };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

port.on('message', (request: TriageRequest) => port.postMessage(answer(request)));
port.postMessage({ kind: 'ready' } satisfies TriageReply);
