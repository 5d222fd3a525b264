import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../server/config.js';
import { createRuntime } from '../server/runtime.js';
import { bearer, seedWorkspace, type SeededWorkspace } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server.js';

const secretKey = 'b'.repeat(64);

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('two server processes on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let dataDir: string;
  let workspace: SeededWorkspace;
  const nodes: SpawnedServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (!('postgresUrl' in database.target)) throw new Error('expected a PostgreSQL database');
    const env = { DATABASE_URL: database.target.postgresUrl, REDIS_URL: process.env.REDIS_URL ?? '', RAPPORT_SECRET_KEY: secretKey, RAPPORT_REDIS_PREFIX: `scale-${process.pid}` };
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-scale-'));
    // Migrate and seed through the services first, so the two nodes start on a ready database.
    const runtime = await createRuntime(loadConfig({ ...env, RAPPORT_DATA_DIR: dataDir, RAPPORT_DEMO: 'false', LOG_LEVEL: 'silent' }));
    try {
      workspace = await seedWorkspace(runtime);
    } finally {
      await runtime.close();
    }
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs both nodes on PostgreSQL, BullMQ and the Redis bus', async () => {
    for (const node of nodes) {
      const response = await fetch(`${node.url}/readyz`);
      expect(response.status, node.output()).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready', database: 'postgres', queue: 'bullmq', bus: 'redis' });
    }
  });

  it('delivers a message ingested on one node to a live socket on the other', async () => {
    const [first, second] = nodes as [SpawnedServer, SpawnedServer];
    const socket = new WebSocket(`${second.url.replace('http', 'ws')}/api/v1/workspaces/${workspace.slug}/live`, { headers: bearer(workspace.token) });
    const frames: Array<{ type: string; workspaceId?: string; data?: Record<string, unknown> }> = [];
    socket.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as (typeof frames)[number]));
    try {
      await vi.waitFor(() => expect(frames[0]?.type).toBe('hello'), { timeout: 5_000, interval: 20 });

      const response = await fetch(`${first.url}/api/v1/workspaces/${workspace.slug}/inbound`, {
        method: 'POST',
        headers: { ...bearer(workspace.token), 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'message', channel: 'x', account: 'acme', platformMessageId: 'scale-out-1', visibility: 'public',
          author: { platformUserId: 'u-9', handle: 'sam' }, text: 'Ingested on node one', sentAt: '2026-11-20T10:00:00Z',
        }),
      });
      expect(response.status, first.output()).toBe(202);
      const { status, results } = await response.json() as { status: string; results: Array<{ conversationId: string; messageId: string }> };
      // Processed by node one, so the event can only have reached node two through Redis.
      expect(status).toBe('processed');

      await vi.waitFor(() => {
        const received = frames.find((frame) => frame.type === 'message.received');
        expect(received, second.output()).toMatchObject({ workspaceId: workspace.workspaceId, data: { message: { id: results[0]?.messageId, text: 'Ingested on node one' } } });
      }, { timeout: 5_000, interval: 20 });
      expect(frames.filter((frame) => frame.type === 'conversation.created')).toHaveLength(1);
    } finally {
      socket.terminate();
    }
  });
});
