import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/infra/db/database.js';
import { createLogger } from '../server/infra/logger.js';
import { serializeModel } from '../server/features/triage/model.codec.js';
import { createTriageModelCache } from '../server/features/triage/triage-model.cache.js';
import { insertActiveModel, listModelSummaries } from '../server/features/triage/triage-model.repo.js';
import { trainClassifier } from '../server/features/triage/training.service.js';
import { triageMessage } from '../server/features/triage/triage.service.js';
import { banking77Sample } from './fixtures/triage/triage.fixtures.js';
import { openTestDb, testEngines } from './helpers/db.js';

describe.each(testEngines)('workspace triage models on %s', (engine) => {
  let db: Db;
  const workspaceId = 'ws-models';
  const model = serializeModel(trainClassifier(banking77Sample(), { target: 'intent', source: 'banking77-sample', features: { hashBits: 12 } }));
  const row = (version: number, text = model) => ({
    id: `model-${version}`, workspace_id: workspaceId, target: 'intent', version, trained_at: Date.now(), trained_on: '{"source":"test","rows":150,"labels":{}}',
    model: text, active: 1, created_by: null,
  });

  beforeAll(async () => {
    db = await openTestDb(engine);
    await db.kysely.insertInto('workspaces').values({ id: workspaceId, slug: 'models', name: 'Models', time_zone: 'UTC', settings: '{}', created_at: Date.now() }).execute();
  });
  afterAll(async () => db.close());

  it('uses the shipped models for a workspace without trained ones, and its trained version once it has one', async () => {
    const cache = createTriageModelCache(db.kysely, createLogger('silent'));
    await cache.refresh();
    expect(cache.modelsFor(workspaceId).versions).toEqual({ intent: null, sentiment: null });
    expect(triageMessage({ text: 'my new card still has not arrived' }, cache.modelsFor(workspaceId).models).intent.label).not.toBe('card_arrival');

    await insertActiveModel(db.kysely, row(1));
    expect(cache.modelsFor(workspaceId).versions.intent).toBeNull();
    await cache.refresh();
    const { models, versions } = cache.modelsFor(workspaceId);
    expect(versions).toEqual({ intent: 1, sentiment: null });
    expect(triageMessage({ text: 'my new card still has not arrived' }, models).intent.label).toBe('card_arrival');
  });

  it('switches to a newer version, keeping the older one stored but inactive', async () => {
    const cache = createTriageModelCache(db.kysely, createLogger('silent'));
    await cache.refresh(workspaceId);
    await insertActiveModel(db.kysely, row(2));
    await cache.refresh(workspaceId);
    expect(cache.modelsFor(workspaceId).versions.intent).toBe(2);
    const stored = await listModelSummaries(db.kysely, workspaceId);
    expect(stored.map((r) => [Number(r.version), Number(r.active)])).toEqual([[2, 1], [1, 0]]);
  });

  it('falls back to the shipped model when a stored model cannot be read', async () => {
    await insertActiveModel(db.kysely, row(3, '{"kind":"linear-classifier","format":99}'));
    const cache = createTriageModelCache(db.kysely, createLogger('silent'));
    await cache.refresh();
    expect(cache.modelsFor(workspaceId).versions.intent).toBeNull();
    expect(triageMessage({ text: 'I will take you to court' }, cache.modelsFor(workspaceId).models).intent.label).toBe('legal_threat');
  });
});
