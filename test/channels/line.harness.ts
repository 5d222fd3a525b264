import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { lineId, type LineWebhookPayload } from '../../server/features/channels/line/line.fake-payloads.js';
import { startLineFake, type LineFake, type LineFakeSignature } from '../../server/features/channels/line/line.fake.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';
import type { MessageView } from './meta.harness.js';

/** Ids shaped like LINE's (`U`/`C`/`R` + 32 hex digits). */
export const lineIds = {
  bot: lineId('U', 'acme-care-bot'),
  user: (seed: string) => lineId('U', seed),
  group: (seed: string) => lineId('C', seed),
};

/** What the LINE tests work with: Rapport listening on 127.0.0.1, the LINE fake, and one connected LINE account. */
export interface LineHarness {
  t: TestApp;
  ws: SeededWorkspace;
  fake: LineFake;
  account: ChannelAccountRow;
  secrets: { channelSecret: string; channelAccessToken: string };
  webhookUrl: string;
  deliver(payload: LineWebhookPayload, signature?: LineFakeSignature): Promise<{ status: number; body: string }>;
  findMessage(platformMessageId: string): Promise<{ id: string; conversation_id: string } | undefined>;
  health(): Promise<{ health_status: string; health_detail: string | null }>;
  receiptCount(): Promise<number>;
  api<T>(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; body: T }>;
  /** Queues an agent's reply and waits until it left `queued`. */
  reply(conversationId: string, body: { text: string; visibility?: 'public' | 'private' }, timeoutMs?: number): Promise<MessageView>;
  close(): Promise<void>;
}

/** Starts the LINE fake, Rapport pointed at it (listening on an ephemeral port), and connects a LINE account. */
export async function startLineHarness(engine: 'sqlite' | 'postgres', options: { replyTokenTtlMs?: number } = {}): Promise<LineHarness> {
  const fake = await startLineFake(options);
  const t = await startTestApp(engine, { RAPPORT_LINE_API_URL: fake.url });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const ws = await seedWorkspace(t.runtime);
  const secrets = { channelSecret: '8c5ea6e1d1d9e2d4f1b0a3c7e2f4b6a9', channelAccessToken: 'line-long-lived-token-acme' };
  const account = await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'line', handle: '@acme', platformAccountId: lineIds.bot, credentials: secrets });
  fake.addChannel({ botUserId: lineIds.bot, ...secrets });
  const db = t.runtime.ctx.db.kysely;
  const webhookUrl = `${base}/webhooks/line/${account.id}`;

  const harness: LineHarness = {
    t, ws, fake, account, secrets, webhookUrl,
    async deliver(payload, signature = 'valid') {
      const result = await fake.deliver(webhookUrl, payload, { signature, channelSecret: secrets.channelSecret });
      await t.runtime.ingest.drain();
      return result;
    },
    findMessage: (platformMessageId) => db.selectFrom('messages').select(['id', 'conversation_id']).where('account_id', '=', account.id).where('platform_message_id', '=', platformMessageId).executeTakeFirst(),
    health: () => db.selectFrom('channel_accounts').select(['health_status', 'health_detail']).where('id', '=', account.id).executeTakeFirstOrThrow(),
    receiptCount: async () => Number((await db.selectFrom('receipts').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    async api<T>(method: 'GET' | 'POST', path: string, payload?: object) {
      const response = await t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });
      return { status: response.statusCode, body: response.json<T>() };
    },
    async reply(conversationId, body, timeoutMs = 20_000) {
      const queued = await harness.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, body);
      expect(queued.status).toBe(201);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const detail = await harness.api<{ messages: MessageView[] }>('GET', `/conversations/${conversationId}`);
        const message = detail.body.messages.find((candidate) => candidate.id === queued.body.id);
        if (message !== undefined && message.deliveryStatus !== 'queued') return message;
        expect(Date.now(), `reply ${queued.body.id} still queued`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await t.close();
      await fake.close();
    },
  };
  return harness;
}
