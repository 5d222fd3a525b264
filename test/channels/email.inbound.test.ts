import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../server/features/channels/email/email.receipt.js';
import { startSmtpListener } from '../../server/features/channels/email/smtp.listener.js';
import type { IngestPipeline } from '../../server/features/ingest/ingest.service.js';
import { insertReceipts, openReceiptPayload } from '../../server/features/ingest/receipt.repo.js';
import { newId } from '../../server/infra/ids.js';
import { testEngines } from '../helpers/db.js';
import { customerMail, startEmailHarness, supportAddress, testMaxBytes, type EmailHarness } from './email.harness.js';

describe.each(testEngines)('email received over SMTP on %s', (engine) => {
  let h: EmailHarness;
  beforeAll(async () => {
    h = await startEmailHarness(engine);
  });
  afterAll(async () => h.close());

  const receiptCount = async () => Number((await h.t.runtime.ctx.db.kysely.selectFrom('receipts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('turns a mail sent to the support address into a conversation with its subject, text and attachment metadata', async () => {
    const pdf = Buffer.alloc(1234, 7);
    const answer = await h.mailRapport(customerMail({ messageId: '<order-1@example.com>', subject: 'Refund for order 1234', text: 'Hi,\nI was charged twice for order 1234.\nPat', attachments: [{ filename: 'receipt.pdf', content: pdf, contentType: 'application/pdf' }] }));
    expect(answer.code).toBe(250);
    const stored = await h.findMessage('<order-1@example.com>');
    expect(stored).toBeDefined();
    const { conversation, messages } = await h.conversation(stored?.conversation_id ?? '');
    expect(conversation.subject).toBe('Refund for order 1234');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ direction: 'inbound', visibility: 'private', text: 'Hi,\nI was charged twice for order 1234.\nPat', channel: 'email' });
    expect(messages[0]?.attachments).toEqual([{ type: 'file', name: 'receipt.pdf', mimeType: 'application/pdf', sizeBytes: 1234 }]);
    const contact = await h.t.runtime.ctx.db.kysely.selectFrom('contact_identities').select(['platform_user_id', 'display_name']).where('contact_id', '=', messages[0]?.authorContactId ?? '').executeTakeFirstOrThrow();
    expect(contact).toEqual({ platform_user_id: 'pat@example.com', display_name: 'Pat Customer' });
    const receipt = await h.t.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').selectAll().where('id', '=', stored?.receipt_id ?? '').executeTakeFirstOrThrow();
    expect(receipt).toMatchObject({ source: 'email:smtp', account_id: h.account.id, status: 'processed' });
    const envelope = decodeEnvelope(openReceiptPayload(h.t.runtime.ctx.secrets, receipt.payload));
    expect(envelope.arrival).toMatchObject({ transport: 'smtp', mailFrom: 'pat@example.com', rcptTo: [supportAddress] });
    expect(envelope.raw.toString()).toContain('Message-ID: <order-1@example.com>');
  });

  it('threads a reply by In-Reply-To into the same conversation and keeps only the new text, not the quoted history', async () => {
    const text = 'Any news?\n\nOn Mon, 23 Nov 2026 at 10:00, Pat Customer <pat@example.com> wrote:\n> Hi,\n> I was charged twice for order 1234.';
    expect((await h.mailRapport(customerMail({ messageId: '<order-2@example.com>', subject: 'Re: Refund for order 1234', inReplyTo: '<order-1@example.com>', references: ['<order-1@example.com>'], text }))).code).toBe(250);
    const first = await h.findMessage('<order-1@example.com>');
    const reply = await h.findMessage('<order-2@example.com>');
    expect(reply?.conversation_id).toBe(first?.conversation_id);
    const { conversation, messages } = await h.conversation(first?.conversation_id ?? '');
    expect(conversation.messageCount).toBe(2);
    expect(messages.find((message) => message.platformMessageId === '<order-2@example.com>')).toMatchObject({ text: 'Any news?', parentPlatformId: '<order-1@example.com>' });
  });

  it('threads a mail that carries only References (no In-Reply-To) into the conversation of the referenced message', async () => {
    expect((await h.mailRapport(customerMail({ messageId: '<order-3@example.com>', subject: 'Another question', references: ['<unknown-root@example.com>', '<order-2@example.com>'] }))).code).toBe(250);
    expect((await h.findMessage('<order-3@example.com>'))?.conversation_id).toBe((await h.findMessage('<order-1@example.com>'))?.conversation_id);
  });

  it('starts a new conversation for a new mail without references, even from the same customer', async () => {
    expect((await h.mailRapport(customerMail({ messageId: '<new-topic@example.com>', subject: 'Different topic' }))).code).toBe(250);
    expect((await h.findMessage('<new-topic@example.com>'))?.conversation_id).not.toBe((await h.findMessage('<order-1@example.com>'))?.conversation_id);
  });

  it('refuses a mail over the size limit with 552 and stores nothing', async () => {
    const before = await receiptCount();
    const answer = await h.mailRapport(customerMail({ messageId: '<huge@example.com>', text: 'x'.repeat(testMaxBytes + 1000) }));
    expect(answer.code).toBe(552);
    expect(answer.response).toMatch(/maximum message size/);
    expect(await receiptCount()).toBe(before);
    expect(await h.findMessage('<huge@example.com>')).toBeUndefined();
  });

  it('refuses a recipient that is no email account with 550 and stores nothing', async () => {
    const before = await receiptCount();
    const answer = await h.mailRapport(customerMail({ messageId: '<lost@example.com>', to: 'nobody@acme.example' }));
    expect(answer.code).toBe(550);
    expect(answer.response).toContain('nobody@acme.example');
    expect(await receiptCount()).toBe(before);
  });

  it('turns away a client that is not on the allowed list before any mail is taken', async () => {
    const listener = await startSmtpListener({ ctx: h.t.runtime.ctx, ingest: h.t.runtime.ingest }, { port: 0, host: '127.0.0.1', maxBytes: testMaxBytes, allowedClients: ['192.0.2.25'] });
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.address.port, secure: false, ignoreTLS: true });
    const refused = await transport.sendMail(customerMail({ messageId: '<not-allowed@example.com>' })).then(() => undefined, (error: { responseCode?: number }) => error);
    transport.close();
    await listener.close();
    expect(refused?.responseCode).toBe(554);
    expect(await h.findMessage('<not-allowed@example.com>')).toBeUndefined();
  });

  it('records an auto-reply without opening a conversation', async () => {
    const conversationsBefore = await h.t.runtime.ctx.db.kysely.selectFrom('conversations').select('id').execute();
    const answer = await h.mailRapport(customerMail({ messageId: '<ooo@example.com>', subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } }));
    expect(answer.code).toBe(250);
    expect(await h.findMessage('<ooo@example.com>')).toBeUndefined();
    expect(await h.t.runtime.ctx.db.kysely.selectFrom('conversations').select('id').execute()).toHaveLength(conversationsBefore.length);
    const receipts = await h.t.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select('payload').where('source', '=', 'email:smtp').execute();
    const flagged = receipts.map((row) => decodeEnvelope(openReceiptPayload(h.t.runtime.ctx.secrets, row.payload))).find((envelope) => envelope.raw.toString().includes('<ooo@example.com>'));
    expect(flagged?.automated).toBe('auto-reply');
  });

  it('gives a mail without Message-ID a stable id, so a redelivery of the same bytes is a duplicate', async () => {
    const raw = `From: Pat Customer <pat@example.com>\r\nTo: ${supportAddress}\r\nSubject: No id\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nMy mail program forgot the Message-ID.\r\n`;
    const envelope = { from: 'pat@example.com', to: [supportAddress] };
    expect((await h.mailRapport({ envelope, raw })).code).toBe(250);
    expect((await h.mailRapport({ envelope, raw })).code).toBe(250);
    const rows = await h.t.runtime.ctx.db.kysely.selectFrom('messages').select(['platform_message_id', 'text']).where('text', '=', 'My mail program forgot the Message-ID.').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.platform_message_id).toMatch(/^<[0-9a-f]{40}@no-message-id\.rapport\.invalid>$/);
  });

  it('replays a mail whose receipt was committed (and answered 250) when the process died before processing it', async () => {
    // A listener whose process "dies" right after the commit: the receipt is stored, its processing never runs.
    const ctx = h.t.runtime.ctx;
    const dying: Pick<IngestPipeline, 'record'> = {
      async record(input) {
        const receiptId = newId();
        await insertReceipts(ctx.db.kysely, [{ id: receiptId, workspace_id: input.workspaceId, source: input.source, account_id: input.accountId ?? null, payload: input.payload, status: 'pending', error: null, received_at: ctx.clock.now(), processed_at: null }], ctx.secrets);
        return { receiptId, processed: new Promise(() => undefined) };
      },
    };
    const listener = await startSmtpListener({ ctx, ingest: dying }, { port: 0, host: '127.0.0.1', maxBytes: testMaxBytes });
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.address.port, secure: false, ignoreTLS: true });
    const info = await transport.sendMail(customerMail({ messageId: '<crash@example.com>', subject: 'Sent just before a crash' }));
    transport.close();
    await listener.close();
    expect(info.response).toMatch(/^250/);
    expect(await h.findMessage('<crash@example.com>')).toBeUndefined();

    // What a restarted worker does first: replay receipts left pending, decoding the stored raw email.
    expect(await h.t.runtime.ingest.replayPending()).toBeGreaterThanOrEqual(1);
    await h.t.runtime.ingest.drain();
    const stored = await h.findMessage('<crash@example.com>');
    expect(stored).toBeDefined();
    expect((await h.conversation(stored?.conversation_id ?? '')).conversation.subject).toBe('Sent just before a crash');
  });
});
