import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createToken } from '../server/features/auth/token.service.js';
import { startNode, type StartedNode } from '../server/features/demo/demo-node.js';
import { demoAdminEmail } from '../server/features/demo/demo-seed.js';

/** A message as the API and the live events show it (the fields looked at here). */
interface MessageView {
  id: string;
  direction: string;
  visibility: string;
  deliveryStatus: string;
  deliveryError: string | null;
  platformMessageId: string | null;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('rapport start on a fresh database: answering the seeded demo conversations', () => {
  let dataDir: string;
  let node: StartedNode;
  let api: (url: string, init?: RequestInit) => Promise<Response>;
  /** Every delivery status each message went through, as agents' screens receive them live. */
  const statuses = new Map<string, string[]>();
  const db = () => node.server.runtime.ctx.db.kysely;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-demo-replies-'));
    const env = { RAPPORT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.DEMO_TEST_LOG ?? 'silent', RAPPORT_DEMO: 'true', RAPPORT_DEMO_TRAFFIC: 'off' };
    const config = loadConfig(env);
    node = await startNode(config, config.roles, { adminPassword: () => 'demo-password-for-tests', env });
    const { ctx } = node.server.runtime;
    ctx.bus.subscribe((event) => {
      const message = event.data.message as Partial<MessageView> | undefined;
      if (event.type !== 'message.updated' || message?.id === undefined || message.deliveryStatus === undefined) return;
      statuses.set(message.id, [...(statuses.get(message.id) ?? []), message.deliveryStatus]);
    });
    const admin = await db().selectFrom('users').select('id').where('email', '=', demoAdminEmail).executeTakeFirstOrThrow();
    const workspace = await db().selectFrom('workspaces').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    const { token } = await createToken(ctx, { type: 'user', id: admin.id, userId: admin.id, workspaceId: workspace.id, role: 'admin' }, { name: 'demo replies test', role: 'agent' });
    api = (url, init = {}) => fetch(`${node.server.url}/api/v1/workspaces/demo${url}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  }, 60_000);

  afterAll(async () => {
    await node.server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The seeded conversations of a platform and visibility, oldest first. */
  const seeded = (platforms: string[], visibility: 'public' | 'private') => db().selectFrom('conversations').select(['id', 'platform'])
    .where('platform', 'in', platforms).where('visibility', '=', visibility).orderBy('first_inbound_at').execute();

  /** Queues an agent's reply and waits until the platform reported it delivered (or read), or it failed. */
  async function replyAndWatch(conversationId: string, text: string, visibility?: 'public' | 'private'): Promise<{ reply: MessageView; seen: string[] }> {
    const queued = await api(`/conversations/${conversationId}/replies`, { method: 'POST', body: JSON.stringify({ text, ...(visibility === undefined ? {} : { visibility }) }) });
    expect(queued.status, await queued.clone().text()).toBe(201);
    const { id } = await queued.json() as { id: string };
    const reply = await eventually(`the delivery of "${text}"`, async () => {
      const detail = await (await api(`/conversations/${conversationId}`)).json() as { messages: MessageView[] };
      const message = detail.messages.find((candidate) => candidate.id === id);
      return message !== undefined && ['delivered', 'read', 'failed'].includes(message.deliveryStatus) ? message : undefined;
    });
    return { reply, seen: statuses.get(id) ?? [] };
  }

  it('answers a seeded X post and a seeded Facebook and Instagram comment in public: sent, then delivered', async () => {
    for (const platform of ['x', 'facebook', 'instagram']) {
      const [conversation] = await seeded([platform], 'public');
      const { reply, seen } = await replyAndWatch(conversation?.id ?? '', `Thanks for your patience, we are on it (${platform}).`);
      expect(reply, platform).toMatchObject({ visibility: 'public', deliveryStatus: 'delivered', deliveryError: null });
      expect(seen, platform).toEqual(['sent', 'delivered']);
    }
    // The fakes hold the seeded posts: the reply went under the customer's own post, with the brand's token.
    const xReply = node.live?.fakes.x.posted.find((item) => item.body.text === 'Thanks for your patience, we are on it (x).');
    expect(xReply?.post.references[0]?.type).toBe('replied_to');
    const metaReplies = node.live?.fakes.meta.sent.filter((send) => send.kind === 'comment-reply') ?? [];
    expect(metaReplies.map((send) => send.text)).toEqual(['Thanks for your patience, we are on it (facebook).', 'Thanks for your patience, we are on it (instagram).']);
  });

  it('answers a seeded DM on X, Messenger, Instagram and WhatsApp: sent, then delivered (Instagram: seen)', async () => {
    for (const platform of ['x', 'facebook', 'instagram', 'whatsapp']) {
      const [conversation] = await seeded([platform], 'private');
      const { reply, seen } = await replyAndWatch(conversation?.id ?? '', `Thanks for writing, here is what we found (${platform}).`);
      expect(reply, platform).toMatchObject({ visibility: 'private', deliveryError: null });
      expect(seen[0], platform).toBe('sent');
      expect(seen.at(-1), platform).toBe(platform === 'instagram' ? 'read' : 'delivered');
    }
  });

  it('reaches every seeded social conversation on its platform: a public reply or a DM to each is delivered', async () => {
    const conversations = [...await seeded(['x', 'facebook', 'instagram'], 'public'), ...await seeded(['x', 'facebook', 'instagram', 'whatsapp'], 'private')];
    expect(conversations.length).toBeGreaterThanOrEqual(35);
    const outcomes = await Promise.all(conversations.map(async (conversation, index) => {
      const { reply } = await replyAndWatch(conversation.id, `Reply number ${index + 1} from the care team, thank you!`);
      return { platform: conversation.platform, status: reply.deliveryStatus, error: reply.deliveryError };
    }));
    expect(outcomes.filter((outcome) => outcome.status === 'failed')).toEqual([]);
    // A private reply to a public comment reaches its author too (Messenger's private reply).
    const [comment] = await seeded(['facebook'], 'public');
    const { reply } = await replyAndWatch(comment?.id ?? '', 'We have sent you the details privately.', 'private');
    expect(reply).toMatchObject({ visibility: 'private', deliveryStatus: 'delivered' });
  }, 90_000);
});
