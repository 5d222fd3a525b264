import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createWorkspace } from '../server/features/workspaces/workspace.service.js';
import { createRuntime } from '../server/runtime.js';

const run = promisify(execFile);
const root = path.join(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures', 'triage');

interface TriageLine {
  id: string | number;
  sentiment: { label: string; score: number };
  intent: { label: string; confidence: number };
  language: string;
  personalData: Array<{ kind: string; start: number; end: number }>;
  spam: { score: number; isSpam: boolean };
}

describe('rapport triage and rapport train, without a running server (SQLite in RAPPORT_DATA_DIR)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-triage-cli-'));
    const { DATABASE_URL: _database, RAPPORT_SECRET_KEY: _key, REDIS_URL: _redis, ...rest } = process.env;
    env = { ...rest, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false' };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const rapport = (...args: string[]) => run(process.execPath, [path.join(root, 'bin', 'rapport.js'), ...args], { env, cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as TriageLine);

  it('triages a CSV with the shipped models when there is no workspace yet, one NDJSON line per record with its id', async () => {
    const { stdout } = await rapport('triage', path.join(fixtures, 'messages.csv'));
    const results = lines(stdout);
    expect(results.map((line) => line.id)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6']);
    for (const line of results) expect(Object.keys(line)).toEqual(expect.arrayContaining(['sentiment', 'intent', 'language', 'personalData', 'spam']));
    const [complaint, card, spanish, praise, , invalidCard] = results;
    expect(complaint?.sentiment.label).toBe('negative');
    expect(complaint?.intent.label).toBe('complaint');
    expect(card?.personalData).toEqual([{ kind: 'card', start: 20, end: 39 }]);
    expect(spanish?.language).toBe('es');
    expect(praise?.sentiment.label).toBe('positive');
    expect(invalidCard?.personalData).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'rapport.db'))).toBe(true);
  }, 60_000);

  it('reads NDJSON, keeping ids of any type', async () => {
    const results = lines((await rapport('triage', path.join(fixtures, 'messages.ndjson'))).stdout);
    expect(results.map((line) => line.id)).toEqual([101, 'n-2', 'n-3']);
    expect(results[0]?.intent.label).toBe('legal_threat');
    expect(results[1]?.spam.isSpam).toBe(true);
  }, 60_000);

  it('trains a workspace model from a CSV, reports its cross-validated accuracy, and triage then uses it', async () => {
    const runtime = await createRuntime(loadConfig(env));
    await createWorkspace(runtime.ctx, { slug: 'acme', name: 'Acme', timeZone: 'UTC' }, { type: 'system', id: null, userId: null });
    await runtime.close();

    const trained = await rapport('train', '--file', path.join(fixtures, 'banking77-sample.csv'), '--text-column', 'text', '--label-column', 'category', '--folds', '3');
    expect(trained.stdout).toMatch(/Trained intent model v1 for workspace acme: 150 rows, 6 labels/);
    expect(trained.stdout).toMatch(/Cross-validated \(3-fold\): accuracy 0\.\d{3}, macro-F1 0\.\d{3}/);

    const results = lines((await rapport('triage', path.join(fixtures, 'messages.csv'), '--workspace', 'acme')).stdout);
    const banking77Labels = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'pin_blocked', 'request_refund', 'top_up_failed'];
    for (const line of results) expect(banking77Labels).toContain(line.intent.label);
    expect(results[4]?.intent.label).toBe('card_arrival');
  }, 120_000);

  it('fails clearly for a workspace that does not exist', async () => {
    const failure = await rapport('triage', path.join(fixtures, 'messages.csv'), '--workspace', 'nope').then(() => undefined, (error: unknown) => error as { code: number; stderr: string; stdout: string });
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('There is no workspace "nope"');
    expect(failure?.stdout).toBe('');
  }, 60_000);
});
