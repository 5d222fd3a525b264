import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createRuntime, sqliteFileOf } from '../server/runtime.js';
import { seedWorkspace } from './helpers/app.js';
import { postBatch, sendConcurrently } from './helpers/crash-client.js';
import { crashEventBatches, platformIdsOf } from './helpers/crash-events.js';
import { openCrashStore } from './helpers/crash-store.js';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server.js';

const totalEvents = 10_000;
const eventsPerBatch = 100;
const killAfterAcknowledgedEvents = 3_000;
const requestsInFlight = 8;

describe('ingest through a real server process killed with SIGKILL (SQLite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-'));
  const running: SpawnedServer[] = [];
  afterAll(async () => {
    for (const server of running) await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every acknowledged event exactly once, replays receipts left unprocessed, and treats retries as no-ops', async () => {
    const config = loadConfig({ RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false' });
    const seeding = await createRuntime(config);
    const ws = await seedWorkspace(seeding, 'crash');
    await seeding.close();
    const batches = crashEventBatches(totalEvents, eventsPerBatch);
    const acknowledged = new Set<number>();
    const send = (url: string) => async (index: number) => {
      const response = await postBatch(url, ws.slug, ws.token, batches[index] ?? []);
      if (response.acknowledged) acknowledged.add(index);
    };

    const first = await spawnServer({ RAPPORT_DATA_DIR: dataDir });
    running.push(first);
    const store = openCrashStore(sqliteFileOf(config));
    try {
      // Kill once enough is acknowledged and receipts are recorded but not yet processed, so the restart has work to replay.
      // The server is frozen (SIGSTOP) while the test looks, so what it sees is exactly what the SIGKILL leaves behind.
      let killed: Promise<void> | undefined;
      const watch = setInterval(() => {
        if (killed !== undefined || acknowledged.size * eventsPerBatch < killAfterAcknowledgedEvents) return;
        first.process.kill('SIGSTOP');
        if (store.pendingReceiptIds().length > 0) killed = first.kill();
        else first.process.kill('SIGCONT');
      }, 1);
      await sendConcurrently(batches.map((_, index) => index), requestsInFlight, send(first.url), () => killed !== undefined);
      clearInterval(watch);
      expect(killed, 'the server was killed while ingesting').toBeDefined();
      await killed;
      const pendingAtKill = store.pendingReceiptIds();
      const acknowledgedAtKill = acknowledged.size;
      expect(pendingAtKill.length).toBeGreaterThan(0);
      expect(acknowledgedAtKill).toBeLessThan(batches.length);

      const second = await spawnServer({ RAPPORT_DATA_DIR: dataDir });
      running.push(second);
      // Start-up replayed the receipts the killed process had recorded but not processed: each batch's events are stored from it.
      const replayed = store.receiptStatuses(pendingAtKill);
      expect([...replayed.values()].filter((status) => status === 'processed')).toHaveLength(pendingAtKill.length);
      expect(store.messagesFromReceipts(pendingAtKill)).toBe(pendingAtKill.length * eventsPerBatch);

      // Retrying batches that were already acknowledged changes nothing.
      const storedBeforeRetries = [...store.messageCounts().values()].reduce((sum, n) => sum + n, 0);
      for (const index of [...acknowledged].slice(0, 5)) {
        const retry = await postBatch(second.url, ws.slug, ws.token, batches[index] ?? []);
        expect(retry.acknowledged && retry.results.every((result) => result.status === 'duplicate')).toBe(true);
      }
      expect([...store.messageCounts().values()].reduce((sum, n) => sum + n, 0)).toBe(storedBeforeRetries);

      // The client retries every batch it has no acknowledgement for (some were replayed, some never arrived).
      const unacknowledged = batches.map((_, index) => index).filter((index) => !acknowledged.has(index));
      await sendConcurrently(unacknowledged, requestsInFlight, send(second.url));
      expect(acknowledged.size).toBe(batches.length);

      const counts = store.messageCounts();
      const acknowledgedIds = [...acknowledged].flatMap((index) => platformIdsOf(batches[index] ?? []));
      expect(acknowledgedIds.filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      expect(counts.size).toBe(totalEvents);
      expect(store.receiptsByStatus()).not.toHaveProperty('failed');
      expect(store.pendingReceiptIds()).toEqual([]);
      console.log(`crash test: killed after ${acknowledgedAtKill * eventsPerBatch} acknowledged events with ${pendingAtKill.length} receipts pending; replay stored ${pendingAtKill.length * eventsPerBatch} events; ${unacknowledged.length} batches retried`);
      await second.stop();
    } finally {
      store.close();
    }
  }, 120_000);
});
