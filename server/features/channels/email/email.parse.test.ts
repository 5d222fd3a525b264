import { describe, expect, it } from 'vitest';
import type { ChannelAccountRef } from '../channel.port.js';
import { readEmail } from './email.parse.js';
import { decodeEnvelope, encodeEnvelope, type EmailEnvelope } from './email.receipt.js';

const account: ChannelAccountRef = { id: 'acc-1', platform: 'email', handle: 'support@acme.example', platform_account_id: null };
const receivedAt = Date.parse('2026-11-23T10:00:00Z');
const envelope = (raw: string, mailFrom: string | null = 'pat@example.com'): EmailEnvelope => ({
  arrival: { transport: 'smtp', mailFrom, rcptTo: ['support@acme.example'], remoteAddress: '127.0.0.1' }, receivedAt, raw: Buffer.from(raw, 'latin1'),
});
const headers = 'From: "Pat" <Pat@Example.com>\r\nTo: support@acme.example\r\nSubject: Help\r\nMessage-ID: <m1@example.com>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n';

describe('readEmail', () => {
  it('reads a plain mail as a private inbound message from the lower-cased From address', async () => {
    const reading = await readEmail(envelope(`${headers}\r\nHello there\r\n`), account);
    expect(reading.automated).toBeUndefined();
    expect(reading.events).toEqual([expect.objectContaining({
      kind: 'message', channel: 'email', account: 'acc-1', platformMessageId: '<m1@example.com>', visibility: 'private', direction: 'inbound',
      author: { platformUserId: 'pat@example.com', handle: 'pat@example.com', email: 'pat@example.com', displayName: 'Pat' },
      text: 'Hello there', subject: 'Help', sentAt: Date.parse('2026-11-23T09:00:00Z'),
    })]);
  });

  it('takes the text of an HTML-only mail from its HTML, and never dates a message after its arrival', async () => {
    const raw = headers.replace('Date: Mon, 23 Nov 2026 09:00:00', 'Date: Mon, 30 Nov 2026 09:00:00') + 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>there</b></p>\r\n';
    const [event] = (await readEmail(envelope(raw), account)).events;
    expect(event).toMatchObject({ text: 'Hello there', sentAt: receivedAt });
  });

  it('lists attachments as metadata and leaves out images embedded in the HTML body', async () => {
    const raw = `${headers}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="M"\r\n\r\n--M\r\nContent-Type: multipart/related; boundary="R"\r\n\r\n--R\r\nContent-Type: text/html\r\n\r\n<p>See <img src="cid:logo"></p>\r\n--R\r\nContent-Type: image/png\r\nContent-ID: <logo>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--R--\r\n--M\r\nContent-Type: image/jpeg; name="photo.jpg"\r\nContent-Disposition: attachment; filename="photo.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRg==\r\n--M--\r\n`;
    const [event] = (await readEmail(envelope(raw), account)).events;
    expect(event).toMatchObject({ attachments: [{ type: 'image', name: 'photo.jpg', mimeType: 'image/jpeg', sizeBytes: 10 }] });
  });

  it('recognises auto-replies, bulk mail and null-sender mail and yields no event for them', async () => {
    expect(await readEmail(envelope(`${headers}Auto-Submitted: auto-replied\r\n\r\nI am away\r\n`), account)).toMatchObject({ automated: 'auto-reply', events: [] });
    expect(await readEmail(envelope(`${headers}Precedence: bulk\r\n\r\nNewsletter\r\n`), account)).toMatchObject({ automated: 'bulk', events: [] });
    expect(await readEmail(envelope(`${headers}\r\nVacation\r\n`, ''), account)).toMatchObject({ automated: 'auto-reply', events: [] });
    expect(await readEmail(envelope(`${headers}Auto-Submitted: no\r\n\r\nA person wrote this\r\n`), account)).toMatchObject({ automated: undefined });
  });

  it('reports a mail without any sender address instead of throwing', async () => {
    const reading = await readEmail(envelope('To: support@acme.example\r\nSubject: ?\r\n\r\nwho am I\r\n', null), account);
    expect(reading.events).toEqual([]);
    expect(reading.unrecognised).toEqual(['From: the message names no sender address']);
  });
});

describe('email receipt envelope', () => {
  it('keeps the exact bytes of an 8-bit message that is not UTF-8', () => {
    const raw = Buffer.from('Subject: caf\xe9\r\n\r\nna\xefve\r\n', 'latin1');
    const decoded = decodeEnvelope(encodeEnvelope({ ...envelope(''), raw }));
    expect(decoded.raw.equals(raw)).toBe(true);
  });

  it('stores UTF-8 mail as readable text', () => {
    const payload = encodeEnvelope({ ...envelope(''), raw: Buffer.from('Subject: café\r\n\r\nhi\r\n', 'utf8') });
    expect(JSON.parse(payload)).toMatchObject({ raw: 'Subject: café\r\n\r\nhi\r\n' });
  });
});
