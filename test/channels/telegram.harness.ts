import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import type { TelegramUpdate } from '../../server/features/channels/telegram/telegram.fake-payloads.js';
import { startTelegramFake, type TelegramFake, type TelegramFakeSecret } from '../../server/features/channels/telegram/telegram.fake.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';
import type { MessageView } from './meta.harness.js';

/** The bot of the tests, as BotFather would have made it. */
export const telegramBot = { id: 7000000001, username: 'acme_care_bot', firstName: 'Acme Care', token: '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', isBot: true } as const;

/** What the Telegram tests work with: Rapport listening on 127.0.0.1, the Bot API fake, and one connected bot account. */
export interface TelegramHarness {
  t: TestApp;
  ws: SeededWorkspace;
  fake: TelegramFake;
  account: ChannelAccountRow;
  secrets: { botToken: string; secretToken: string };
  webhookUrl: string;
  deliver(update: TelegramUpdate, secret?: TelegramFakeSecret): Promise<{ status: number; body: string }>;
  findMessage(platformMessageId: string): Promise<{ id: string; conversation_id: string } | undefined>;
  health(): Promise<{ health_status: string; health_detail: string | null }>;
  receiptCount(): Promise<number>;
  api<T>(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; body: T }>;
  /** Queues an agent's reply and waits until it left `queued`. */
  reply(conversationId: string, body: { text: string; visibility?: 'public' | 'private' }, timeoutMs?: number): Promise<MessageView>;
  close(): Promise<void>;
}

/** Starts the Bot API fake, Rapport pointed at it, connects the bot and registers Rapport's webhook with setWebhook. */
export async function startTelegramHarness(engine: 'sqlite' | 'postgres'): Promise<TelegramHarness> {
  const fake = await startTelegramFake();
  const t = await startTestApp(engine, { RAPPORT_TELEGRAM_API_URL: fake.url });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const ws = await seedWorkspace(t.runtime);
  const secrets = { botToken: telegramBot.token, secretToken: 'rapport_wh-9f8e7d6c5b4a' };
  const account = await createChannelAccount(t.runtime.ctx, ws.actor, { channel: 'telegram', handle: telegramBot.username, platformAccountId: String(telegramBot.id), credentials: secrets });
  fake.addBot({ token: telegramBot.token, id: telegramBot.id, username: telegramBot.username, firstName: telegramBot.firstName });
  const webhookUrl = `${base}/webhooks/telegram/${account.id}`;
  // As the operator would: point the bot's webhook at Rapport with the account's secret token.
  const registered = await fetch(`${fake.url}/bot${telegramBot.token}/setWebhook`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: webhookUrl, secret_token: secrets.secretToken, allowed_updates: ['message', 'edited_message'] }),
  });
  expect(await registered.json()).toEqual({ ok: true, result: true, description: 'Webhook was set' });
  const db = t.runtime.ctx.db.kysely;

  const harness: TelegramHarness = {
    t, ws, fake, account, secrets, webhookUrl,
    async deliver(update, secret = 'valid') {
      const result = await fake.deliver(update, { botId: telegramBot.id, secret });
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
