import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import type { MetaPayload, WhatsappNumber } from '../../server/features/channels/meta/meta.fake-payloads.js';
import { startMetaFake, type FakeSignature, type MetaFake } from '../../server/features/channels/meta/meta.fake.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';

/** Ids shaped like the documented examples (CHANNELS.md §2–5). */
export const ids = {
  pageId: '137542570280222',
  igId: '17841474524784050',
  whatsapp: { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' } satisfies WhatsappNumber,
};

/** What the Meta tests work with: Rapport listening on 127.0.0.1, the Graph fake, and one account per Meta platform. */
export interface MetaHarness {
  t: TestApp;
  ws: SeededWorkspace;
  fake: MetaFake;
  accounts: Record<'facebook' | 'instagram' | 'whatsapp', ChannelAccountRow>;
  secrets: Record<'facebook' | 'instagram' | 'whatsapp', { appSecret: string; verifyToken: string; accessToken: string }>;
  webhookUrl(platform: 'facebook' | 'instagram' | 'whatsapp'): string;
  deliver(platform: 'facebook' | 'instagram' | 'whatsapp', payload: MetaPayload, signature?: FakeSignature): Promise<{ status: number; body: string }>;
  /** The stored message with this platform id on the account, or undefined. */
  findMessage(platform: 'facebook' | 'instagram' | 'whatsapp', platformMessageId: string): Promise<{ id: string; conversation_id: string } | undefined>;
  api<T>(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; body: T }>;
  /** Waits until a queued reply left `queued` and returns its view. */
  settled(conversationId: string, messageId: string, timeoutMs?: number): Promise<MessageView>;
  close(): Promise<void>;
}

/** A message as the API shows it (the fields the tests look at). */
export interface MessageView {
  id: string;
  direction: string;
  visibility: string;
  platformMessageId: string | null;
  parentPlatformId: string | null;
  text: string;
  attachments: Array<Record<string, unknown>>;
  deliveryStatus: string;
  deliveryError: string | null;
  editedAt: string | null;
  deletedByAuthorAt: string | null;
  authorContactId: string | null;
}

/** Starts the Graph fake, Rapport pointed at it (listening on an ephemeral port), and connects a Facebook page, an Instagram account and a WhatsApp number. */
export async function startMetaHarness(engine: 'sqlite' | 'postgres'): Promise<MetaHarness> {
  const fake = await startMetaFake();
  const t = await startTestApp(engine, { RAPPORT_META_GRAPH_URL: fake.url });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const ws = await seedWorkspace(t.runtime);
  const secret = (name: string) => ({ appSecret: `${name}-app-secret`, verifyToken: `${name}-verify`, accessToken: `${name}-token` });
  const secrets = { facebook: secret('fb'), instagram: secret('ig'), whatsapp: secret('wa') };
  const connect = (channel: 'facebook' | 'instagram' | 'whatsapp', handle: string, platformAccountId: string) =>
    createChannelAccount(t.runtime.ctx, ws.actor, { channel, handle, platformAccountId, credentials: secrets[channel] });
  const accounts = {
    facebook: await connect('facebook', 'acmepage', ids.pageId),
    instagram: await connect('instagram', 'acme.ig', ids.igId),
    whatsapp: await connect('whatsapp', '+15550783881', ids.whatsapp.phoneNumberId),
  };
  fake.addAsset({ kind: 'page', id: ids.pageId, ...secrets.facebook });
  fake.addAsset({ kind: 'instagram', id: ids.igId, ...secrets.instagram });
  fake.addAsset({ kind: 'whatsapp', id: ids.whatsapp.phoneNumberId, ...secrets.whatsapp });

  const harness: MetaHarness = {
    t, ws, fake, accounts, secrets,
    webhookUrl: (platform) => `${base}/webhooks/${platform}/${accounts[platform].id}`,
    async deliver(platform, payload, signature = 'valid') {
      const result = await fake.deliver(harness.webhookUrl(platform), payload, { signature, appSecret: secrets[platform].appSecret });
      await t.runtime.ingest.drain();
      return result;
    },
    findMessage: (platform, platformMessageId) => t.runtime.ctx.db.kysely.selectFrom('messages').select(['id', 'conversation_id'])
      .where('account_id', '=', accounts[platform].id).where('platform_message_id', '=', platformMessageId).executeTakeFirst(),
    async api<T>(method: 'GET' | 'POST', path: string, payload?: object) {
      const response = await t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });
      return { status: response.statusCode, body: response.json<T>() };
    },
    async settled(conversationId, messageId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const detail = await harness.api<{ messages: MessageView[] }>('GET', `/conversations/${conversationId}`);
        const message = detail.body.messages.find((candidate) => candidate.id === messageId);
        if (message !== undefined && message.deliveryStatus !== 'queued') return message;
        expect(Date.now(), `reply ${messageId} still queued`).toBeLessThan(deadline);
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
