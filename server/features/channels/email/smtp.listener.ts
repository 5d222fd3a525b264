import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { recordEmail, type EmailIntakeDeps } from './email.intake.js';
import { findEmailAccountsByAddress } from './email.repo.js';

/** Where and how the inbound SMTP listener runs. */
export interface SmtpListenerOptions {
  port: number;
  host: string;
  /** Messages larger than this are refused with 552 and nothing is stored. */
  maxBytes: number;
  /** When set, only these client IPs may connect (the MTA that relays to Rapport); others get 554. */
  allowedClients?: readonly string[] | undefined;
  /** Host name in the greeting (default: this machine's). */
  serverName?: string;
}

/** A running listener. */
export interface SmtpListener {
  address: AddressInfo;
  close(): Promise<void>;
}

const maxRecipients = 50;

/**
 * Starts Rapport's inbound SMTP listener. Mail is accepted only for addresses that are email channel accounts (else
 * 550), only up to the size limit (else 552, nothing stored), and answered 250 only once its raw bytes are committed as a
 * receipt of every addressed account, so a crash after the 250 loses nothing. There is no AUTH and no STARTTLS: the
 * listener is meant to sit behind the brand's MTA (or on 127.0.0.1), which terminates TLS; restrict who may connect with
 * `allowedClients` when it listens on a shared network.
 */
export async function startSmtpListener(deps: EmailIntakeDeps, options: SmtpListenerOptions): Promise<SmtpListener> {
  const { ctx } = deps;
  const allowed = options.allowedClients === undefined || options.allowedClients.length === 0 ? undefined : new Set(options.allowedClients.map(normaliseIp));
  const server = new SMTPServer({
    name: options.serverName ?? os.hostname(),
    banner: 'Rapport inbound mail',
    size: options.maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    maxRecipients,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    logger: false,
    onConnect(session, callback) {
      if (allowed === undefined || allowed.has(normaliseIp(session.remoteAddress))) return callback();
      callback(smtpError(554, `5.7.1 ${session.remoteAddress} may not send mail to this server`));
    },
    onRcptTo(address, _session, callback) {
      findEmailAccountsByAddress(ctx.db.kysely, [address.address]).then(
        (accounts) => callback(accounts.length > 0 ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
        (error: unknown) => {
          ctx.logger.error({ err: error }, 'looking up an SMTP recipient failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      void receive(deps, stream, session, options.maxBytes).then((reply) => callback(null, reply), (error: unknown) => callback(error as Error));
    },
  });
  server.on('error', (error) => ctx.logger.warn({ err: error }, 'SMTP listener error'));
  const listening = server.listen(options.port, options.host);
  await once(listening, 'listening');
  const address = listening.address() as AddressInfo;
  ctx.logger.info({ host: address.address, port: address.port }, 'SMTP listener started');
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads one message within the size limit and records it for each addressed account; resolves with the 250 text. */
async function receive(deps: EmailIntakeDeps, stream: SMTPServerDataStream, session: SMTPServerSession, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit the rest is drained, not kept: smtp-server answers 552 and nothing may be stored.
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (stream.sizeExceeded || size > maxBytes) throw smtpError(552, `5.3.4 Message exceeds the fixed maximum message size of ${maxBytes} bytes`);
  const raw = Buffer.concat(chunks);
  const rcptTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const mailFrom = session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address;
  try {
    const accounts = await findEmailAccountsByAddress(deps.ctx.db.kysely, rcptTo);
    const receivedAt = deps.ctx.clock.now();
    const recorded = [];
    for (const account of accounts) {
      const envelope = { arrival: { transport: 'smtp' as const, mailFrom, rcptTo, remoteAddress: session.remoteAddress || null }, receivedAt, raw };
      recorded.push(await recordEmail(deps, account, envelope));
    }
    return `OK: queued as ${recorded.map((entry) => entry.receiptId).join(',')}`;
  } catch (error) {
    deps.ctx.logger.error({ err: error }, 'recording an email failed; the sender will retry');
    throw smtpError(451, '4.3.0 Temporary failure storing the message, try again later');
  }
}

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** IPv4 clients of a dual-stack socket show as ::ffff:a.b.c.d. */
function normaliseIp(ip: string): string {
  return ip.replace(/^::ffff:/i, '').toLowerCase();
}
