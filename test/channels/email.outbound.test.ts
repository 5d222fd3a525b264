import { simpleParser } from 'mailparser';
import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/db.js';
import { customerMail, startEmailHarness, supportAddress, type EmailHarness } from './email.harness.js';

describe.each(testEngines)('email replies through the account\'s SMTP server on %s', (engine) => {
  let h: EmailHarness;
  beforeAll(async () => {
    h = await startEmailHarness(engine);
  });
  afterAll(async () => h.close());

  let counter = 0;
  /** A conversation started by a customer's mail; returns its id and the mail's Message-ID. */
  const customerWrites = async (overrides: Omit<SendMailOptions, 'messageId'> = {}) => {
    const messageId = `<customer-${++counter}@example.com>`;
    expect((await h.mailRapport(customerMail({ ...overrides, messageId }))).code).toBe(250);
    return { messageId, conversationId: (await h.findMessage(messageId))?.conversation_id ?? '' };
  };
  const reply = async (conversationId: string, text: string) => {
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text });
    expect(queued.status).toBe(201);
    return h.settled(conversationId, queued.body.id);
  };
  const acceptedWith = (text: string) => h.sink.accepted().filter((attempt) => attempt.raw.toString().includes(text));

  it('threads the reply under the customer\'s last mail: In-Reply-To, References, "Re:" subject and a Rapport Message-ID', async () => {
    const { messageId, conversationId } = await customerWrites({ subject: 'Broken kettle', references: ['<shop-order-77@shop.example>'] });
    const message = await reply(conversationId, 'Sorry to hear that, a replacement is on its way.');
    expect(message).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
    const [sent] = acceptedWith('a replacement is on its way');
    expect(sent).toMatchObject({ mailFrom: supportAddress, rcptTo: ['pat@example.com'] });
    const mail = await simpleParser(sent?.raw ?? Buffer.alloc(0));
    expect(mail.messageId).toBe(`<rapport-${message.id}@acme.example>`);
    expect(mail.inReplyTo).toBe(messageId);
    expect(mail.references).toEqual(['<shop-order-77@shop.example>', messageId]);
    expect(mail.subject).toBe('Re: Broken kettle');
    expect(mail.from?.value).toEqual([{ name: 'Acme Support', address: supportAddress }]);
    expect(message.platformMessageId).toBe(mail.messageId);

    // The customer answers our reply: their mail program sets In-Reply-To to our Message-ID, and it joins the conversation.
    const answer = await h.mailRapport(customerMail({ messageId: '<customer-thanks@example.com>', subject: 'Re: Broken kettle', inReplyTo: mail.messageId, references: [...(mail.references as string[]), mail.messageId ?? ''], text: 'Thank you!' }));
    expect(answer.code).toBe(250);
    expect((await h.findMessage('<customer-thanks@example.com>'))?.conversation_id).toBe(conversationId);
  });

  it('does not stack "Re:" on a subject that already is a reply, and answers to the Reply-To address when there is one', async () => {
    const { conversationId } = await customerWrites({ subject: 'RE: Invoice question', replyTo: 'Pat at work <pat.work@example.org>' });
    await reply(conversationId, 'Your invoice is attached to your account.');
    const [sent] = acceptedWith('Your invoice is attached');
    const mail = await simpleParser(sent?.raw ?? Buffer.alloc(0));
    expect(mail.subject).toBe('RE: Invoice question');
    expect(sent?.rcptTo).toEqual(['pat.work@example.org']);
  });

  it('retries after a transient 421 and delivers once, with the same Message-ID on both tries', async () => {
    const { conversationId } = await customerWrites({ subject: 'Deferred' });
    h.sink.failNext(1, 421, '4.7.0 Try again later');
    const message = await reply(conversationId, 'Delivered on the second try.');
    expect(message.deliveryStatus).toBe('sent');
    const tries = h.sink.attempts.filter((attempt) => attempt.raw.toString().includes('Delivered on the second try.'));
    expect(tries.map((attempt) => attempt.code)).toEqual([421, 250]);
    const ids = await Promise.all(tries.map(async (attempt) => (await simpleParser(attempt.raw)).messageId));
    expect(ids).toEqual([`<rapport-${message.id}@acme.example>`, `<rapport-${message.id}@acme.example>`]);
  });

  it('fails the reply with the server\'s answer when the customer\'s server refuses it with 550, without retrying', async () => {
    const { conversationId } = await customerWrites({ subject: 'Refused' });
    h.sink.failNext(1, 550, '5.1.1 <pat@example.com>: Recipient address rejected: User unknown');
    const message = await reply(conversationId, 'This one bounces.');
    expect(message.deliveryStatus).toBe('failed');
    expect(message.deliveryError).toContain('550 5.1.1 <pat@example.com>: Recipient address rejected: User unknown');
    expect(h.sink.attempts.filter((attempt) => attempt.raw.toString().includes('This one bounces.'))).toHaveLength(1);
  });

  it('marks a sent reply failed when a bounce for it arrives, without opening a conversation for the bounce', async () => {
    const { conversationId } = await customerWrites({ subject: 'Later bounce' });
    const message = await reply(conversationId, 'Accepted now, bounced later.');
    expect(message.deliveryStatus).toBe('sent');
    const conversations = (await h.t.runtime.ctx.db.kysely.selectFrom('conversations').select('id').execute()).length;
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>', `To: ${supportAddress}`, 'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.example.com>', 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"', '',
      '--BOUNDARY', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
      '--BOUNDARY', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.com', '',
      'Final-Recipient: rfc822; pat@example.com', 'Action: failed', 'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 <pat@example.com>: mailbox full', '',
      '--BOUNDARY', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${message.platformMessageId ?? ''}`, `From: Acme Support <${supportAddress}>`, '',
      '--BOUNDARY--', '',
    ].join('\r\n');
    expect((await h.mailRapport({ envelope: { from: '', to: [supportAddress] }, raw })).code).toBe(250);
    const after = (await h.conversation(conversationId)).messages.find((candidate) => candidate.id === message.id);
    expect(after).toMatchObject({ deliveryStatus: 'failed' });
    expect(after?.deliveryError).toContain('552 5.2.2 <pat@example.com>: mailbox full');
    expect((await h.t.runtime.ctx.db.kysely.selectFrom('conversations').select('id').execute()).length).toBe(conversations);
  });

  it('fails a reply at once, and shows it in the account\'s health, when the account has no SMTP settings', async () => {
    const { createChannelAccount } = await import('../../server/features/channels/account.service.js');
    const receiveOnly = await createChannelAccount(h.t.runtime.ctx, h.ws.actor, { channel: 'email', handle: 'inbox-only@acme.example', name: 'Inbox only' });
    const answer = await h.mailRapport(customerMail({ messageId: '<receive-only@example.com>', to: 'inbox-only@acme.example' }));
    expect(answer.code).toBe(250);
    const stored = await h.t.runtime.ctx.db.kysely.selectFrom('messages').select('conversation_id').where('account_id', '=', receiveOnly.id).executeTakeFirstOrThrow();
    const message = await reply(stored.conversation_id, 'Nowhere to send this.');
    expect(message.deliveryStatus).toBe('failed');
    expect(message.deliveryError).toContain('no smtpHost');
    const account = await h.t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select(['health_status', 'health_detail']).where('id', '=', receiveOnly.id).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ health_status: 'error' });
    expect(account.health_detail).toContain('SMTP settings missing');
  });
});
