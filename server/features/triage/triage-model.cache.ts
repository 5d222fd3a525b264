import type { Executor } from '../../app-context.js';
import type { TriageModelRow } from '../../infra/db/schema.js';
import type { Logger } from '../../infra/logger.js';
import { deserializeLinearModel } from './model.codec.js';
import type { LinearModel } from './model.types.js';
import { listActiveVersions, loadActiveModels } from './triage-model.repo.js';
import { loadDefaultModels } from './triage.models.js';
import type { TriageModels } from './triage.types.js';

/** Which model version triage used per target: a workspace's trained version number, or null for the shipped default. */
export interface ModelVersions {
  intent: number | null;
  sentiment: number | null;
}

/** The models one workspace runs with and their versions (shared objects: reused for every message). */
export interface WorkspaceModels {
  models: TriageModels;
  versions: ModelVersions;
}

/** A stored model as the cache keeps it until decoded: what a triage worker thread is sent. */
export type StoredModelRow = Pick<TriageModelRow, 'id' | 'target' | 'version' | 'model'>;

/** A workspace's active trained models, undecoded, and their version signature (`''`: only the shipped defaults). */
export interface ModelSource {
  signature: string;
  rows: readonly StoredModelRow[];
}

/** The triage models of every workspace in memory: decoded on first use, reloaded when a new version becomes active. */
export interface TriageModelCache {
  /** A workspace's active trained models over the shipped defaults; synchronous, for the ingest path. */
  modelsFor(workspaceId: string): WorkspaceModels;
  /** A workspace's active trained models as stored, for triage running in another thread. */
  sourceOf(workspaceId: string): ModelSource;
  /** Re-reads which versions are active (of one workspace, or all) and reloads the ones that changed. */
  refresh(workspaceId?: string): Promise<void>;
}

const defaultVersions: ModelVersions = { intent: null, sentiment: null };
const defaultsOnly: ModelSource = { signature: '', rows: [] };

/** Decodes a workspace's stored models over the defaults; a row that cannot be read is reported and the default kept. */
export function decodeWorkspaceModels(rows: readonly StoredModelRow[], defaults: TriageModels, onUnreadable: (row: StoredModelRow, error: unknown) => void): WorkspaceModels {
  const models: TriageModels = { ...defaults };
  const versions: ModelVersions = { ...defaultVersions };
  for (const row of rows) {
    const target = row.target === 'sentiment' ? 'sentiment' : 'intent';
    let model: LinearModel;
    try {
      model = deserializeLinearModel(row.model);
    } catch (error) {
      onUnreadable(row, error);
      continue;
    }
    models[target] = model;
    versions[target] = Number(row.version);
  }
  return { models, versions };
}

/** Creates an empty cache over a database; call refresh() once before use so trained models are known. */
export function createTriageModelCache(db: Executor, logger: Logger): TriageModelCache {
  /** Active models per workspace with trained ones, as stored; absent = only defaults. */
  const sources = new Map<string, ModelSource>();
  const decoded = new Map<string, WorkspaceModels>();
  let defaults: WorkspaceModels | undefined;
  let queue: Promise<void> = Promise.resolve();

  function defaultModels(): WorkspaceModels {
    defaults ??= { models: loadDefaultModels(), versions: defaultVersions };
    return defaults;
  }

  async function reload(workspaceId?: string): Promise<void> {
    const next = activeSignatures(await listActiveVersions(db, workspaceId));
    const known = workspaceId === undefined ? [...sources.keys()] : [workspaceId];
    for (const id of known) {
      if (next.has(id)) continue;
      sources.delete(id);
      decoded.delete(id);
    }
    const changed = [...next].filter(([id, signature]) => sources.get(id)?.signature !== signature).map(([id]) => id);
    if (changed.length === 0) return;
    const rows = await loadActiveModels(db, changed);
    for (const id of changed) {
      const own = rows.filter((row) => row.workspace_id === id).map(({ id: rowId, target, version, model }) => ({ id: rowId, target, version, model }));
      sources.set(id, { signature: next.get(id) ?? '', rows: own });
      decoded.delete(id);
    }
  }

  return {
    modelsFor(workspaceId) {
      const found = decoded.get(workspaceId);
      if (found !== undefined) return found;
      const source = sources.get(workspaceId);
      if (source === undefined) return defaultModels();
      const models = decodeWorkspaceModels(source.rows, defaultModels().models, (row, error) => {
        logger.error({ err: error, workspaceId, modelId: row.id }, 'a stored triage model cannot be read; using the default model');
      });
      decoded.set(workspaceId, models);
      return models;
    },
    sourceOf: (workspaceId) => sources.get(workspaceId) ?? defaultsOnly,
    refresh(workspaceId) {
      // One reload at a time, so an older read never overwrites a newer one.
      queue = queue.then(() => reload(workspaceId));
      const current = queue;
      queue = queue.catch(() => undefined);
      return current;
    },
  };
}

/** `intent:3,sentiment:1` per workspace with active trained models. */
function activeSignatures(rows: ReadonlyArray<{ workspace_id: string; target: string; version: number }>): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const row of rows) {
    const list = parts.get(row.workspace_id) ?? [];
    list.push(`${row.target}:${Number(row.version)}`);
    parts.set(row.workspace_id, list);
  }
  return new Map([...parts].map(([id, list]) => [id, list.sort().join(',')]));
}
