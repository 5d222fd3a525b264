import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImportFile, readLines } from '../server/features/imports/import-file.js';
import { runImport, type ImportInput, type RejectedLine } from '../server/features/imports/import.service.js';
import { seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

const fixture = fileURLToPath(new URL('./fixtures/import/events.ndjson', import.meta.url));

/** Writes `count` distinct mentions of the seeded X account to a temporary NDJSON file. */
function writeEventsFile(dir: string, prefix: string, count: number): string {
  const file = path.join(dir, `${prefix}.ndjson`);
  const lines = Array.from({ length: count }, (_, index) => JSON.stringify({
    kind: 'message', channel: 'x', account: 'acme', platformMessageId: `${prefix}-${index}`, visibility: 'public',
    author: { platformUserId: `u-${index % 97}` }, text: `Bulk message ${index}`, sentAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
  }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe.each(testEngines)('bulk NDJSON import on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let tmp: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime, 'acme-import');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const importFile = async (file: string, options: Partial<ImportInput> = {}) => {
    const source = await openImportFile(file);
    const rejected: RejectedLine[] = [];
    const summary = await runImport(t.runtime.ctx, t.runtime.ingest, {
      workspaceId: ws.workspaceId, fileKey: source.fileKey, lines: source.lines, onRejected: (line) => rejected.push(line), ...options,
    });
    return { summary, rejected };
  };
  const messagesWithPrefix = (prefix: string) => t.runtime.ctx.db.kysely.selectFrom('messages')
    .select(['platform_message_id', 'conversation_id', 'text']).where('workspace_id', '=', ws.workspaceId).where('platform_message_id', 'like', `${prefix}%`).execute();

  it('imports the valid lines as conversations and reports every rejected line with its number and reason', async () => {
    const { summary, rejected } = await importFile(fixture);

    expect(summary).toMatchObject({ status: 'completed', imported: 6, duplicates: 1, rejected: 7, linesRead: 15, linesSkipped: 0 });
    expect(rejected.map((line) => line.line)).toEqual([4, 6, 7, 8, 12, 13, 14]);
    const reasonOf = (line: number) => rejected.find((item) => item.line === line)?.reason;
    expect(reasonOf(4)).toMatch(/not valid JSON/);
    expect(reasonOf(6)).toBe('mood: unknown field');
    expect(reasonOf(7)).toBe('account: no x account "nobody" in this workspace');
    expect(reasonOf(8)).toMatch(/^author: /);
    expect(reasonOf(12)).toMatch(/^kind: /);
    expect(reasonOf(13)).toBe('the line is not valid UTF-8');

    const stored = await messagesWithPrefix('imp-');
    expect(stored.map((row) => row.platform_message_id).sort()).toEqual(['imp-1', 'imp-2', 'imp-3', 'imp-4', 'imp-5']);
    const byId = new Map(stored.map((row) => [row.platform_message_id, row]));
    expect(byId.get('imp-2')?.conversation_id).toBe(byId.get('imp-1')?.conversation_id);
    expect(byId.get('imp-3')?.conversation_id).not.toBe(byId.get('imp-1')?.conversation_id);
    expect(byId.get('imp-4')?.text).toBe('Lost my bag at Edinburgh airport');
    expect(byId.get('imp-5')?.text).toBe('Danke für den tollen Flug ✈️');
  });

  it('skips the lines of an import that already completed when the same file is imported again', async () => {
    const { summary, rejected } = await importFile(fixture);

    expect(summary).toMatchObject({ status: 'completed', imported: 0, duplicates: 0, rejected: 0, linesSkipped: 15, total: { accepted: 7, rejected: 7 } });
    expect(rejected).toEqual([]);
    expect(await messagesWithPrefix('imp-')).toHaveLength(5);
  });

  it('resumes an interrupted import after its last committed batch and stores every event exactly once', async () => {
    const file = writeEventsFile(tmp, 'resume', 1_050);
    const stop = new AbortController();
    const first = await importFile(file, { batchSize: 100, signal: stop.signal, onBatch: (progress) => progress.batches === 3 && stop.abort() });
    expect(first.summary).toMatchObject({ status: 'interrupted', imported: 300, linesRead: 300 });
    expect(await messagesWithPrefix('resume-')).toHaveLength(300);

    const second = await importFile(file, { batchSize: 100 });
    // Nothing came back as a duplicate: the lines done were skipped, not re-sent.
    expect(second.summary).toMatchObject({ status: 'completed', linesSkipped: 300, imported: 750, duplicates: 0, total: { accepted: 1_050, rejected: 0 } });
    const stored = await messagesWithPrefix('resume-');
    expect(stored).toHaveLength(1_050);
    expect(new Set(stored.map((row) => row.platform_message_id)).size).toBe(1_050);
  });

  it('recognises every event as a duplicate when a finished import is restarted from the first line', async () => {
    const file = writeEventsFile(tmp, 'restart', 120);
    await importFile(file, { batchSize: 50 });
    const again = await importFile(file, { batchSize: 50, restart: true });
    expect(again.summary).toMatchObject({ status: 'completed', imported: 0, duplicates: 120, linesSkipped: 0 });
    expect(await messagesWithPrefix('restart-')).toHaveLength(120);
  });
});

describe('NDJSON line reader', () => {
  const collect = async (chunks: string[], maxLineBytes?: number) => {
    const lines: string[] = [];
    for await (const line of readLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), maxLineBytes)) lines.push(line.toString('utf8'));
    return lines;
  };

  it('joins lines split across chunks and keeps a last line without a newline', async () => {
    expect(await collect(['{"a":', '1}\n{"b"', ':2}\n\n', '{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
  });

  it('cuts an over-long line to one byte past the limit instead of holding it whole', async () => {
    expect(await collect(['abcdefghij', 'klmnop\nshort\n'], 8)).toEqual(['abcdefghi', 'short']);
  });
});
