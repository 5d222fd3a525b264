import type { AppContext } from '../../../app-context.js';
import type { IngestPipeline } from '../../ingest/ingest.service.js';
import { createEmailDecoder } from './email.intake.js';
import { createEmailOutbound } from './email.outbound.js';
import { imapflowConnector } from './imap.client.js';
import { defineImapPollJob, ensureImapPolling } from './imap-poll.job.js';
import { startSmtpListener, type SmtpListener } from './smtp.listener.js';

/** The email channel's background side on a worker: the SMTP listener (when configured) and the IMAP polling check. */
export interface EmailWorker {
  /** The inbound listener, when RAPPORT_SMTP_PORT is set. */
  smtp: SmtpListener | undefined;
  close(): Promise<void>;
}

/** How often a worker checks that every IMAP account has its polling chain (new accounts, chains a crash ended). */
const ensureIntervalMs = 60_000;

/**
 * Connects the email channel to a process: replies go out through the account's SMTP server, stored email receipts
 * can be replayed, and the IMAP poll job is defined (before the queue starts). Call once, at start-up.
 */
export function connectEmail(ctx: AppContext, ingest: IngestPipeline): void {
  ctx.outbound.register(createEmailOutbound(ctx));
  ingest.addDecoder('email', createEmailDecoder(ctx));
  ctx.queue.define(defineImapPollJob({ ctx, ingest, connect: imapflowConnector }));
}

/** Starts the worker's email side: the SMTP listener when RAPPORT_SMTP_PORT is set, and IMAP polling for every account that has it. */
export async function startEmailWorker(ctx: AppContext, ingest: IngestPipeline): Promise<EmailWorker> {
  const { port, host, maxBytes, allowedClients } = ctx.config.channels.smtp;
  const smtp = port === undefined ? undefined : await startSmtpListener({ ctx, ingest }, { port, host, maxBytes, allowedClients });
  const ensure = () => ensureImapPolling(ctx).catch((error: unknown) => ctx.logger.error({ err: error }, 'starting IMAP polling failed'));
  await ensure();
  const timer = setInterval(() => void ensure(), ensureIntervalMs);
  timer.unref();
  return {
    smtp,
    async close() {
      clearInterval(timer);
      await smtp?.close();
    },
  };
}
