import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { startXFake, type FakeXSignature, type XFake } from '../../server/features/channels/x/x.fake.js';
import type { FakeXUser } from '../../server/features/channels/x/x.fake-store.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { createRuntime, type Runtime } from '../../server/runtime.js';
import { bearer, seedWorkspace, type SeededWorkspace } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';

/** The brand and customers, with ids shaped like the documented examples (CHANNELS.md §6). */
export const xUsers = {
  brand: { id: '2244994945', username: 'acmecare', name: 'Acme Care', verified: true, followers: 120_000 },
  jane: { id: '6253282', username: 'jane_flies', name: 'Jane Doe', verified: false, followers: 1_200 },
  sam: { id: '3001969357', username: 'furiouscamper', name: 'Jordan Brinks', verified: false, followers: 22 },
  kim: { id: '1234567890', username: 'kimtravels', name: 'Kim Lee', verified: true, followers: 54_000 },
} satisfies Record<string, FakeXUser>;

/** The X app's and account's secrets as stored in the account's credentials. */
export const xSecrets = { consumerSecret: 'x-consumer-secret', accessToken: 'x-user-access-token', bearerToken: 'x-app-bearer-token' };

/** A message as the API shows it (the fields the tests look at). */
export interface XMessageView {
  id: string;
  direction: string;
  visibility: string;
  platformMessageId: string | null;
  parentPlatformId: string | null;
  text: string;
  deliveryStatus: string;
  deliveryError: string | null;
  deletedByAuthorAt: string | null;
}

/** Rapport listening on 127.0.0.1 against the X fake, with an X account whose Account Activity is subscribed to Rapport. */
export interface XHarness {
  fake: XFake;
  app: BuiltApp['app'];
  runtime: Runtime;
  ws: SeededWorkspace;
  account: ChannelAccountRow;
  webhookUrl(): string;
  /** Delivers a payload signed like X and waits until it is processed. */
  deliver(payload: unknown, signature?: FakeXSignature): Promise<{ status: number; body: string }>;
  /** Waits for the fake's deliveries in flight and for ingest. */
  settle(): Promise<void>;
  findMessage(platformMessageId: string): Promise<{ id: string; conversation_id: string; direction: string; visibility: string } | undefined>;
  api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object): Promise<{ status: number; body: T }>;
  /** Waits until a queued reply left `queued` and returns its view. */
  settled(conversationId: string, messageId: string, timeoutMs?: number): Promise<XMessageView>;
  health(): Promise<{ health_status: string; health_detail: string | null }>;
  /** Stops this Rapport (its worker finishes the job in hand) and starts a new one on the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the X fake and Rapport (with `env` added to its environment) on a fresh database that survives restarts of the harness. */
export async function startXHarness(engine: 'sqlite' | 'postgres', options: { env?: Record<string, string> } = {}): Promise<XHarness> {
  const fake = await startXFake({ consumerSecret: xSecrets.consumerSecret });
  for (const user of Object.values(xUsers)) fake.addUser(user);
  fake.addToken(xSecrets.accessToken, { userId: xUsers.brand.id });
  fake.addToken(xSecrets.bearerToken, 'app');
  const database = await createTestDatabase(engine);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-x-'));
  const env = {
    RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false', RAPPORT_X_API_URL: fake.url, RAPPORT_CHANNEL_TIMEOUT_MS: '1500',
    ...('postgresUrl' in database.target ? { DATABASE_URL: database.target.postgresUrl, RAPPORT_SECRET_KEY: 'b'.repeat(64) } : {}),
    ...options.env,
  };
  const boot = async () => {
    const runtime = await createRuntime(loadConfig(env));
    await runtime.startWorker();
    const built = await buildApp(runtime);
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    return { runtime, app: built.app, base: `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}` };
  };
  let running = await boot();
  const ws = await seedWorkspace(running.runtime);
  const account = await createChannelAccount(running.runtime.ctx, ws.actor, { channel: 'x', handle: xUsers.brand.username, platformAccountId: xUsers.brand.id, credentials: xSecrets });
  const db = () => running.runtime.ctx.db.kysely;

  const harness: XHarness = {
    fake, ws, account,
    get app() {
      return running.app;
    },
    get runtime() {
      return running.runtime;
    },
    webhookUrl: () => `${running.base}/webhooks/x/${account.id}`,
    async deliver(payload, signature = 'valid') {
      const result = await fake.deliver(harness.webhookUrl(), payload, signature);
      await harness.settle();
      return result;
    },
    async settle() {
      await fake.idle();
      await running.runtime.ingest.drain();
    },
    findMessage: (platformMessageId) => db().selectFrom('messages').select(['id', 'conversation_id', 'direction', 'visibility'])
      .where('account_id', '=', account.id).where('platform_message_id', '=', platformMessageId).executeTakeFirst(),
    async api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
      const response = await running.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });
      return { status: response.statusCode, body: response.json<T>() };
    },
    async settled(conversationId, messageId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const detail = await harness.api<{ messages: XMessageView[] }>('GET', `/conversations/${conversationId}`);
        const message = detail.body.messages.find((candidate) => candidate.id === messageId);
        if (message !== undefined && message.deliveryStatus !== 'queued') return message;
        expect(Date.now(), `reply ${messageId} still queued`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    health: () => db().selectFrom('channel_accounts').select(['health_status', 'health_detail']).where('id', '=', account.id).executeTakeFirstOrThrow(),
    async restart() {
      await running.app.close();
      await running.runtime.close();
      running = await boot();
    },
    async close() {
      await running.app.close();
      await running.runtime.close();
      await fake.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
