import type { ModelSource } from './triage-model.cache.js';
import type { TriageDraft, TriageSubject } from './triage.enricher.js';

/** Messages of one workspace to triage with its models of `signature` (`''`: the shipped defaults). */
export interface TriageJob {
  workspaceId: string;
  signature: string;
  subjects: TriageSubject[];
}

/** What the pool sends a triage worker: jobs, and the stored models of workspaces whose version the worker has not seen yet. */
export interface TriageRequest {
  id: number;
  models: Array<ModelSource & { workspaceId: string }>;
  jobs: TriageJob[];
}

/** What a triage worker answers: `ready` once it has loaded the default models, then one `done` per request. */
export type TriageReply =
  | { kind: 'ready' }
  /** A draft per subject of each job, in order; null where triage failed (the reason is among `problems`). */
  | { kind: 'done'; id: number; drafts: Array<Array<TriageDraft | null>>; problems: string[] };
