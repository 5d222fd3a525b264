import net, { type AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { expect } from 'vitest';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { startSmtpSink, type SmtpSink } from '../../server/features/channels/email/smtp.fake-sink.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';
import type { MessageView } from './meta.harness.js';

/** The brand's support address: the email account's handle, and where customers write. */
export const supportAddress = 'support@acme.example';
/** Rapport's listener refuses messages larger than this in these tests. */
export const testMaxBytes = 64 * 1024;

/** What the email tests work with: Rapport with its SMTP listener on 127.0.0.1, the customer's mail server (a sink), and an email account. */
export interface EmailHarness {
  t: TestApp;
  ws: SeededWorkspace;
  sink: SmtpSink;
  account: ChannelAccountRow;
  smtpPort: number;
  /** Sends a message to Rapport's listener over a real SMTP session; resolves with the server's final answer. */
  mailRapport(message: SendMailOptions): Promise<{ code: number; response: string }>;
  /** The stored message with this Message-ID on the account, or undefined. */
  findMessage(platformMessageId: string): Promise<{ id: string; conversation_id: string; receipt_id: string | null } | undefined>;
  api<T>(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; body: T }>;
  /** A conversation with its messages, as the API shows it. */
  conversation(id: string): Promise<{ conversation: { subject: string | null; messageCount: number; status: string }; messages: MessageView[] }>;
  /** Waits until a queued reply left `queued` and returns its view. */
  settled(conversationId: string, messageId: string, timeoutMs?: number): Promise<MessageView>;
  close(): Promise<void>;
}

/** A TCP port that was free a moment ago (the listener is started by the runtime from configuration, like in production). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the sink, Rapport with RAPPORT_SMTP_PORT set (so the worker role starts the listener), and connects support@acme.example. */
export async function startEmailHarness(engine: 'sqlite' | 'postgres'): Promise<EmailHarness> {
  const sink = await startSmtpSink();
  const smtpPort = await freePort();
  const t = await startTestApp(engine, { RAPPORT_SMTP_PORT: String(smtpPort), RAPPORT_SMTP_HOST: '127.0.0.1', RAPPORT_SMTP_MAX_BYTES: String(testMaxBytes) });
  const ws = await seedWorkspace(t.runtime);
  const account = await createChannelAccount(t.runtime.ctx, ws.actor, {
    channel: 'email', handle: supportAddress, name: 'Acme Support',
    credentials: { smtpHost: '127.0.0.1', smtpPort: String(sink.port), smtpSecure: 'false', fromAddress: supportAddress, fromName: 'Acme Support' },
  });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  const db = t.runtime.ctx.db.kysely;
  const harness: EmailHarness = {
    t, ws, sink, account, smtpPort,
    async mailRapport(message) {
      try {
        const info = await transport.sendMail(message);
        await t.runtime.ingest.drain();
        return { code: Number(info.response.slice(0, 3)), response: info.response };
      } catch (error) {
        const failure = error as { responseCode?: number; response?: string; message: string };
        return { code: failure.responseCode ?? 0, response: failure.response ?? failure.message };
      }
    },
    findMessage: (platformMessageId) => db.selectFrom('messages').select(['id', 'conversation_id', 'receipt_id'])
      .where('account_id', '=', account.id).where('platform_message_id', '=', platformMessageId).executeTakeFirst(),
    async api<T>(method: 'GET' | 'POST', path: string, payload?: object) {
      const response = await t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });
      return { status: response.statusCode, body: response.json<T>() };
    },
    async conversation(id) {
      const detail = await harness.api<{ conversation: { subject: string | null; messageCount: number; status: string }; messages: MessageView[] }>('GET', `/conversations/${id}`);
      expect(detail.status).toBe(200);
      return detail.body;
    },
    async settled(conversationId, messageId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = (await harness.conversation(conversationId)).messages.find((candidate) => candidate.id === messageId);
        if (message !== undefined && message.deliveryStatus !== 'queued') return message;
        expect(Date.now(), `reply ${messageId} still queued`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      transport.close();
      await t.close();
      await sink.close();
    },
  };
  return harness;
}

/** A customer's email as their mail program would send it to the brand. */
export function customerMail(overrides: SendMailOptions & { messageId: string }): SendMailOptions {
  return { from: 'Pat Customer <pat@example.com>', to: supportAddress, subject: 'Where is my order?', text: 'Hello, my order has not arrived.', ...overrides };
}
