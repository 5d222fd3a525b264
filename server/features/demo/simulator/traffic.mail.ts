import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { demoPlatform } from '../demo-channels.js';
import type { Persona } from './traffic.types.js';

/** Rapport's inbound SMTP listener. */
export interface MailTarget {
  host: string;
  port: number;
}

/** The mails a story sent so far: the first one's subject, and every Message-ID (for In-Reply-To and References). */
export interface MailThread {
  subject?: string;
  ids: string[];
}

/**
 * Sends a customer's mail to the demo help desk over SMTP, as their mail server would; a later mail of the same story
 * answers the earlier ones ("Re:", In-Reply-To, References), so Rapport threads it into the same conversation.
 */
export async function sendCustomerMail(target: MailTarget, thread: MailThread, mail: { persona: Persona; subject: string | undefined; text: string }): Promise<void> {
  const domain = mail.persona.email.split('@')[1] ?? 'example.com';
  const messageId = `<${Date.now().toString(36)}.${randomBytes(6).toString('hex')}@${domain}>`;
  const subject = thread.subject === undefined ? mail.subject ?? 'Question' : `Re: ${thread.subject}`;
  const previous = thread.ids.at(-1);
  const transport = nodemailer.createTransport({ host: target.host, port: target.port, secure: false, ignoreTLS: true, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
  try {
    await transport.sendMail({
      from: { name: mail.persona.name, address: mail.persona.email },
      to: demoPlatform.email.address,
      subject,
      text: mail.text,
      messageId,
      ...(previous === undefined ? {} : { inReplyTo: previous, references: [...thread.ids] }),
    });
  } finally {
    transport.close();
  }
  thread.subject ??= subject;
  thread.ids.push(messageId);
}
