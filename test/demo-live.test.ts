import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { startNode, type StartedNode } from '../server/features/demo/demo-node.js';
import { createWorkspace } from '../server/features/workspaces/workspace.service.js';
import { createRuntime } from '../server/runtime.js';

describe('when the demo runs live', () => {
  const started: StartedNode[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const node of started.splice(0)) await node.server.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a node as `rapport start` does on a fresh data directory, after `before` ran against its database. */
  async function start(extraEnv: Record<string, string>, before?: (config: ReturnType<typeof loadConfig>) => Promise<void>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-demo-mode-'));
    dirs.push(dir);
    const env = { RAPPORT_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RAPPORT_DEMO: 'true', ...extraEnv };
    const config = loadConfig(env);
    await before?.(config);
    const node = await startNode(config, config.roles, { adminPassword: () => 'demo-password-for-tests', env });
    started.push(node);
    return node;
  }

  it('points every channel API at its local fake, but keeps a base URL set in the environment', async () => {
    const node = await start({ RAPPORT_META_GRAPH_URL: 'http://127.0.0.1:9', RAPPORT_DEMO_TRAFFIC: 'off' });
    const { channels } = node.server.runtime.ctx.config;
    expect(channels.meta.graphUrl).toBe('http://127.0.0.1:9');
    expect([channels.line.apiUrl, channels.telegram.apiUrl, channels.x.apiUrl]).toEqual([node.live?.fakes.line.url, node.live?.fakes.telegram.url, node.live?.fakes.x.url]);
    expect(channels.smtp.port).toBeGreaterThan(0);
  });

  it('plays no traffic with RAPPORT_DEMO_TRAFFIC=off', async () => {
    const node = await start({ RAPPORT_DEMO_TRAFFIC: 'off' });
    expect(node.seeded).toBeDefined();
    expect(node.live).toBeDefined();
    expect(node.live?.simulator).toBeUndefined();
  });

  it('stays off, with the real platform URLs, once the database holds a workspace of its own', async () => {
    const node = await start({}, async (config) => {
      const runtime = await createRuntime(config);
      await createWorkspace(runtime.ctx, { slug: 'acme', name: 'Acme', timeZone: 'UTC' }, { type: 'system', id: null, userId: null });
      await runtime.close();
    });
    expect(node.seeded).toBeUndefined();
    expect(node.live).toBeUndefined();
    expect(node.server.runtime.ctx.config.channels.meta.graphUrl).toBe('https://graph.facebook.com');
  });
});
