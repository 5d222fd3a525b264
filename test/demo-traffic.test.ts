import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createToken } from '../server/features/auth/token.service.js';
import { startNode, type StartedNode } from '../server/features/demo/demo-node.js';
import { demoAdminEmail } from '../server/features/demo/demo-seed.js';

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many of each kind of handle (timers, servers, sockets) keep the process alive. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('rapport start on a fresh database: the live demo', () => {
  let before: Record<string, number>;
  let dataDir: string;
  let node: StartedNode;
  let stopped = false;
  let startedAt = 0;
  const db = () => node.server.runtime.ctx.db.kysely;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-demo-live-'));
    const env = { RAPPORT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.DEMO_TEST_LOG ?? 'silent', RAPPORT_DEMO: 'true' };
    const config = loadConfig(env);
    before = activeResources();
    startedAt = Date.now();
    // As `rapport start` does, with the traffic twenty times faster than real time.
    node = await startNode(config, config.roles, { adminPassword: () => 'demo-password-for-tests', traffic: { timeScale: 0.05, seed: 7 }, env });
  }, 60_000);

  afterAll(async () => {
    if (!stopped) await node.server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo, then new conversations arrive within seconds through the signed webhook endpoints of six platforms and by mail', async () => {
    expect(node.seeded?.conversations).toBeGreaterThanOrEqual(55);
    expect(node.live?.simulator).toBeDefined();
    const sources = await eventually('webhooks from six platforms and a mail', async () => {
      const rows = await db().selectFrom('receipts').select('source').distinct().where('status', '=', 'processed').where('received_at', '>=', startedAt).execute();
      const seen = new Set(rows.map((row) => row.source));
      return ['facebook', 'instagram', 'whatsapp', 'x', 'line', 'telegram'].every((platform) => seen.has(`webhook:${platform}`)) && seen.has('email:smtp') ? seen : undefined;
    });
    expect(sources.size).toBeGreaterThanOrEqual(7);

    // What arrived became customers' messages in new conversations of the demo workspace.
    const fresh = await db().selectFrom('messages').innerJoin('receipts', 'receipts.id', 'messages.receipt_id')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['receipts.source', 'conversations.created_at', 'messages.direction'])
      .where('receipts.source', 'like', 'webhook:%').where('messages.direction', '=', 'inbound').execute();
    expect(new Set(fresh.filter((row) => Number(row.created_at) >= startedAt).map((row) => row.source)).size).toBeGreaterThanOrEqual(4);
    // Every delivery passed its platform's signature check: no account reports a bad signature.
    const accounts = await db().selectFrom('channel_accounts').select(['platform', 'health_status', 'health_detail']).execute();
    expect(accounts.filter((account) => account.health_detail?.startsWith('Webhook signature') === true)).toEqual([]);
    expect(accounts.filter((account) => account.health_status === 'error')).toEqual([]);
  });

  it('sends an agent\'s WhatsApp reply through the real adapter to the platform, where it is delivered', async () => {
    const { ctx } = node.server.runtime;
    const waiting = await eventually('a WhatsApp customer of the simulator', () => db().selectFrom('messages').innerJoin('receipts', 'receipts.id', 'messages.receipt_id')
      .select(['messages.conversation_id', 'messages.workspace_id']).where('receipts.source', '=', 'webhook:whatsapp').where('messages.direction', '=', 'inbound')
      .orderBy('messages.sent_at', 'desc').executeTakeFirst());
    const admin = await db().selectFrom('users').select('id').where('email', '=', demoAdminEmail).executeTakeFirstOrThrow();
    const { token } = await createToken(ctx, { type: 'user', id: admin.id, userId: admin.id, workspaceId: waiting.workspace_id, role: 'admin' }, { name: 'demo test', role: 'agent' });
    const api = (url: string, init: RequestInit = {}) => fetch(`${node.server.url}/api/v1/workspaces/demo${url}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

    const text = 'So sorry about this! We have rebooked you on tomorrow\'s 07:10 and emailed the new boarding pass.';
    const queued = await api(`/conversations/${waiting.conversation_id}/replies`, { method: 'POST', body: JSON.stringify({ text }) });
    expect(queued.status).toBe(201);
    const replyId = (await queued.json() as { id: string }).id;
    const seen: string[] = [];
    const delivered = await eventually('the reply to be delivered', async () => {
      const detail = await (await api(`/conversations/${waiting.conversation_id}`)).json() as { messages: Array<{ id: string; deliveryStatus: string; platformMessageId: string | null }> };
      const reply = detail.messages.find((message) => message.id === replyId);
      if (reply !== undefined && seen.at(-1) !== reply.deliveryStatus) seen.push(reply.deliveryStatus);
      return reply?.deliveryStatus === 'delivered' || reply?.deliveryStatus === 'read' ? reply : undefined;
    });
    // Sent when the platform accepted it, delivered when its delivery webhook came back.
    expect(seen.indexOf('sent')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('sent')).toBeLessThan(seen.indexOf('delivered'));
    const sent = node.live?.fakes.meta.sent.find((send) => send.text === text);
    expect(sent).toMatchObject({ kind: 'message', id: delivered.platformMessageId });
  });

  it('stops the traffic and the platform fakes with the server, leaving no timer, server or socket behind', async () => {
    const { live } = node;
    await node.server.stop();
    stopped = true;
    const delivered = live?.simulator?.delivered ?? 0;
    await expect(live?.simulator?.finished).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(live?.simulator?.delivered).toBe(delivered);
    const after = activeResources();
    for (const kind of ['Timeout', 'TCPServerWrap', 'TCPSocketWrap']) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
    await expect(fetch(`${live?.fakes.meta.url ?? ''}/v25.0/me/messages`, { method: 'POST' })).rejects.toThrow();
  });
});
