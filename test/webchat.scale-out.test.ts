import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createChannelAccount } from '../server/features/channels/account.service.js';
import { createRuntime } from '../server/runtime.js';
import { bearer, seedWorkspace, type SeededWorkspace } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server.js';
import { openChat, type ChatClient } from './helpers/webchat.js';

const secretKey = 'c'.repeat(64);
const site = 'https://www.brand.example';
const soon = { timeout: 10_000, interval: 50 };

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('web chat across two server processes on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let dataDir: string;
  let workspace: SeededWorkspace;
  let accountId: string;
  const nodes: SpawnedServer[] = [];
  let visitor: ChatClient | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (!('postgresUrl' in database.target)) throw new Error('expected a PostgreSQL database');
    const env = { DATABASE_URL: database.target.postgresUrl, REDIS_URL: process.env.REDIS_URL ?? '', RAPPORT_SECRET_KEY: secretKey, RAPPORT_REDIS_PREFIX: `webchat-${process.pid}` };
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-webchat-scale-'));
    const runtime = await createRuntime(loadConfig({ ...env, RAPPORT_DATA_DIR: dataDir, RAPPORT_DEMO: 'false', LOG_LEVEL: 'silent' }));
    try {
      workspace = await seedWorkspace(runtime);
      accountId = (await createChannelAccount(runtime.ctx, workspace.actor, { channel: 'webchat', handle: 'site', allowedOrigins: [site] })).id;
    } finally {
      await runtime.close();
    }
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
  });

  afterAll(async () => {
    visitor?.socket.terminate();
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('pushes a reply queued on one node to the visitor\'s socket on the other, and records its delivery', async () => {
    const [first, second] = nodes as [SpawnedServer, SpawnedServer];
    visitor = await openChat(second.url, accountId, site);
    visitor.send({ type: 'hello' });
    await visitor.next((frame) => frame.type === 'welcome', 10_000);
    visitor.send({ type: 'message', clientId: 'scale-0001', text: 'Written on node two' });
    const own = await visitor.next((frame) => frame.type === 'message', 10_000);
    const messageId = (own.message as { id: string }).id;

    const conversation = await vi.waitFor(async () => {
      const response = await fetch(`${first.url}/api/v1/workspaces/${workspace.slug}/conversations?accountId=${accountId}`, { headers: bearer(workspace.token) });
      const { items } = await response.json() as { items: Array<{ id: string }> };
      expect(items).toHaveLength(1);
      return items[0] as { id: string };
    }, soon);
    const reply = await fetch(`${first.url}/api/v1/workspaces/${workspace.slug}/conversations/${conversation.id}/replies`, {
      method: 'POST', headers: { ...bearer(workspace.token), 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Answered from node one' }),
    });
    expect(reply.status, first.output()).toBe(201);
    const replyId = (await reply.json() as { id: string }).id;

    const pushed = await visitor.next((frame) => frame.type === 'message' && (frame.message as { from: string }).from === 'agent', 10_000);
    expect(pushed.message).toMatchObject({ id: replyId, text: 'Answered from node one' });
    visitor.send({ type: 'delivered', ids: [replyId] });
    await vi.waitFor(async () => {
      const response = await fetch(`${first.url}/api/v1/workspaces/${workspace.slug}/conversations/${conversation.id}`, { headers: bearer(workspace.token) });
      const { messages } = await response.json() as { messages: Array<{ id: string; deliveryStatus: string }> };
      expect(messages.map((message) => [message.id, message.deliveryStatus])).toEqual([[messageId, 'received'], [replyId, 'delivered']]);
    }, soon);
  });
});
