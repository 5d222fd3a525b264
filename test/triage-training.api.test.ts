import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createToken } from '../server/features/auth/token.service.js';
import { requestTraining } from '../server/features/triage/triage-training.service.js';
import { trainModelBody } from '../server/features/triage/triage.schemas.js';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { createRuntime } from '../server/runtime.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { createTestDatabase, testEngines } from './helpers/db.js';

const csv = readFileSync(join(import.meta.dirname, 'fixtures', 'triage', 'banking77-sample.csv'), 'utf8');
const csvBody = { source: 'csv', csv, textColumn: 'text', labelColumn: 'category', folds: 3 };

interface TrainingBody {
  id: string;
  status: string;
  model: { id: string; version: number } | null;
  result: { rows: number; labels: Record<string, number>; metrics: { accuracy: number; macroF1: number; folds: number } | null } | null;
  error: string | null;
}

/** On PostgreSQL with Redis the jobs go through BullMQ; otherwise through the database's own queue. */
const queueEnv = (engine: 'sqlite' | 'postgres', tag: string): Record<string, string> =>
  engine === 'postgres' && process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, RAPPORT_REDIS_PREFIX: `${tag}-${process.pid}-${Date.now()}` } : {};

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let tries = 0; tries < 800; tries++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not happen in time`);
}

describe.each(testEngines)('model training as a background job on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  let agentToken: string;
  let analystToken: string;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine, queueEnv(engine, 'training'));
    ws = await seedWorkspace(t.runtime);
    other = await seedWorkspace(t.runtime);
    agentToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'agent', role: 'agent' })).token;
    analystToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'analyst', role: 'analyst' })).token;
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, token = ws.token, workspace = ws) =>
    t.app.inject({ method, url: url.startsWith('/api/') ? url : `/api/v1/workspaces/${workspace.slug}${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  const outcome = (location: string, token = ws.token) => waitFor(
    async () => (await api('GET', location, undefined, token)).json<TrainingBody>(),
    (body) => body.status === 'succeeded' || body.status === 'failed', `training ${location}`,
  );

  it('is described in the OpenAPI document: 202 on a request, and the training\'s status', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }>();
    expect(Object.keys(doc.paths['/api/v1/workspaces/{workspace}/models/train']?.post?.responses ?? {})).toContain('202');
    expect(JSON.stringify(doc.paths['/api/v1/workspaces/{workspace}/models/training/{id}']?.get?.responses?.['200'])).toContain('succeeded');
  });

  it('runs on the configured queue', () => {
    expect(t.runtime.ctx.queue.driver).toBe(engine === 'postgres' && process.env.REDIS_URL ? 'bullmq' : 'local');
  });

  it('answers 202 with the training\'s address, then reports it succeeded with its model version and cross-validated accuracy', async () => {
    const requested = await api('POST', '/models/train', csvBody);
    expect(requested.statusCode, requested.body).toBe(202);
    const queued = requested.json<TrainingBody & { target: string; source: string; folds: number }>();
    expect(queued).toMatchObject({ status: 'queued', target: 'intent', source: 'csv', folds: 3, model: null, result: null, error: null });
    expect(requested.headers.location).toBe(`/api/v1/workspaces/${ws.slug}/models/training/${queued.id}`);

    const done = await outcome(requested.headers.location as string);
    expect(done).toMatchObject({ id: queued.id, status: 'succeeded', model: { version: 1 }, result: { rows: 150, labels: { card_arrival: 25 } }, error: null });
    expect(done.result?.metrics?.folds).toBe(3);
    expect(done.result?.metrics?.accuracy).toBeGreaterThan(0.7);
    expect((await api('GET', requested.headers.location as string, undefined, analystToken)).statusCode).toBe(200);

    const models = (await api('GET', '/models')).json<{ items: Array<{ id: string; version: number; active: boolean }> }>().items;
    expect(models).toEqual([expect.objectContaining({ id: done.model?.id, version: 1, active: true })]);
    const announced = events.find((event) => event.type === 'model.trained' && event.workspaceId === ws.workspaceId);
    expect(announced?.data).toMatchObject({ model: { id: done.model?.id, version: 1 } });

    // The model is active: this node's cache has it (other nodes reload on the event), and new messages use it.
    await waitFor(async () => t.runtime.triage.models.modelsFor(ws.workspaceId).versions.intent, (version) => version === 1, 'the model cache reload');
    const pushed = await api('POST', '/inbound', {
      kind: 'message', channel: 'x', account: 'acme', platformMessageId: 'after-training', visibility: 'public',
      author: { platformUserId: 'cust-trained' }, text: 'My new card still has not arrived, it has been two weeks', sentAt: '2026-11-20T10:00:00Z',
    });
    const conversationId = pushed.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId;
    const detail = (await api('GET', `/conversations/${conversationId}`)).json<{ messages: Array<{ triage: { intent: { label: string } } }> }>();
    expect(detail.messages[0]?.triage.intent.label).toBe('card_arrival');

    const audit = await t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['action', 'actor_type', 'object_id'])
      .where('workspace_id', '=', ws.workspaceId).where('action', 'in', ['model.training_requested', 'model.trained']).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'model.training_requested', actor_type: 'token', object_id: queued.id },
      { action: 'model.trained', actor_type: 'token', object_id: done.model?.id },
    ]);
    const row = await t.runtime.ctx.db.kysely.selectFrom('triage_training_jobs').select(['sealed_input', 'attempts']).where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ sealed_input: null, attempts: 1 });
  });

  it('reports a training that cannot succeed as failed, with the reason, audited, and no model made', async () => {
    const requested = await api('POST', '/models/train', { source: 'history', folds: 2 }, other.token, other);
    expect(requested.statusCode).toBe(202);
    const done = await outcome(requested.headers.location as string, other.token);
    expect(done).toMatchObject({ status: 'failed', model: null, result: null });
    expect(done.error).toContain('Training needs at least 10 labelled rows; got 0');
    expect((await api('GET', '/models', undefined, other.token, other)).json()).toEqual({ items: [] });
    const audit = await t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['action', 'after'])
      .where('workspace_id', '=', other.workspaceId).where('action', '=', 'model.training_failed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toContain('at least 10 labelled rows');
  });

  it('refuses a bad upload at once, and keeps trainings to managers and to their own workspace', async () => {
    const before = await t.runtime.ctx.db.kysely.selectFrom('triage_training_jobs').select('id').execute();
    const wrongColumn = await api('POST', '/models/train', { ...csvBody, labelColumn: 'nope' });
    expect(wrongColumn.statusCode).toBe(422);
    expect(wrongColumn.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('labelColumn');
    expect((await api('POST', '/models/train', { source: 'csv', csv: 'text,label\nonly one row,a\n' })).statusCode).toBe(422);
    expect((await api('POST', '/models/train', csvBody, agentToken)).statusCode).toBe(403);
    expect(await t.runtime.ctx.db.kysely.selectFrom('triage_training_jobs').select('id').execute()).toHaveLength(before.length);

    const [mine] = before;
    expect((await api('GET', `/models/training/${mine?.id}`, undefined, agentToken)).statusCode).toBe(403);
    expect((await api('GET', `/models/training/${mine?.id}`, undefined, other.token, other)).statusCode).toBe(404);
    expect((await api('GET', '/models/training/no-such-training')).statusCode).toBe(404);
  });
});

describe.each(testEngines)('a queued training on %s', (engine) => {
  it('survives the node that accepted it and runs on a worker that starts later', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-training-'));
    const database = await createTestDatabase(engine, path.join(dataDir, 'rapport.db'));
    const config = loadConfig({
      RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false', RAPPORT_TRIAGE_THREADS: '0', ...queueEnv(engine, 'durable'),
      ...('postgresUrl' in database.target ? { DATABASE_URL: database.target.postgresUrl, RAPPORT_SECRET_KEY: 'b'.repeat(64) } : {}),
    });
    try {
      // A web-only node: it records and queues the training but runs no jobs.
      const web = await createRuntime(config);
      const ws = await seedWorkspace(web);
      const queued = await requestTraining(web.ctx, ws.actor, trainModelBody.parse(csvBody));
      const stored = await web.ctx.db.kysely.selectFrom('triage_training_jobs').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
      expect(stored.status).toBe('queued');
      expect(stored.sealed_input).not.toBeNull();
      expect(stored.sealed_input).not.toContain('card');
      await web.close();

      const worker = await createRuntime(config);
      try {
        await worker.startWorker();
        const row = await waitFor(
          () => worker.ctx.db.kysely.selectFrom('triage_training_jobs').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow(),
          (current) => current.status === 'succeeded' || current.status === 'failed', 'the queued training',
        );
        expect(row).toMatchObject({ status: 'succeeded', model_version: 1, sealed_input: null });
        const model = await worker.ctx.db.kysely.selectFrom('triage_models').select(['id', 'active']).where('workspace_id', '=', ws.workspaceId).executeTakeFirstOrThrow();
        expect(model).toEqual({ id: row.model_id, active: 1 });
      } finally {
        await worker.close();
      }
    } finally {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
