import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One DATA transaction the sink saw, accepted or refused. */
export interface SinkAttempt {
  mailFrom: string | null;
  rcptTo: string[];
  raw: Buffer;
  /** The SMTP code the sink answered the DATA with. */
  code: number;
}

/** A customer's mail server on 127.0.0.1 for tests and the demo: accepts every message unless told to refuse the next ones. */
export interface SmtpSink {
  port: number;
  attempts: SinkAttempt[];
  /** The messages it accepted (answered 250). */
  accepted(): SinkAttempt[];
  /** Answers the next `count` messages with this code and text (421 to defer, 550 to refuse). */
  failNext(count: number, code: number, text: string): void;
  close(): Promise<void>;
}

/** Starts the sink: plain SMTP without AUTH or STARTTLS, so a client configured with `smtpSecure: false` talks to it in the clear. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const attempts: SinkAttempt[] = [];
  const failures: Array<{ code: number; text: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const failure = failures.shift();
        attempts.push({
          mailFrom: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
          code: failure?.code ?? 250,
        });
        callback(failure === undefined ? null : Object.assign(new Error(failure.text), { responseCode: failure.code }));
      });
    },
  });
  const listening = server.listen(0, '127.0.0.1');
  await once(listening, 'listening');
  return {
    port: (listening.address() as AddressInfo).port,
    attempts,
    accepted: () => attempts.filter((attempt) => attempt.code === 250),
    failNext(count, code, text) {
      for (let i = 0; i < count; i += 1) failures.push({ code, text });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
