import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow, ConversationRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import type { OutboundAdapter, SendResult } from '../outbound.port.js';
import { mailOptions, planReply } from './email.compose.js';
import { describeCredentialError, readSmtpSettings, type SmtpSettings } from './email.credentials.js';
import { clearEmailProblem, reportEmailProblem } from './email.health.js';
import { parseMime } from './email.parse.js';
import { decodeEnvelope } from './email.receipt.js';
import { findCustomerAddress, findLastInbound, findReceiptPayload, type LastInbound } from './email.repo.js';

/** One nodemailer SMTP connection per send: STARTTLS when the server offers it (required with `smtpRequireTls`). */
const smtpTransport = (settings: SmtpSettings, timeoutMs: number): Transporter => nodemailer.createTransport({
  host: settings.host, port: settings.port, secure: settings.secure, requireTLS: settings.requireTls,
  ...(settings.auth === undefined ? {} : { auth: settings.auth }),
  connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs * 2,
});

/**
 * Sends agents' replies as email through the account's own SMTP server (credentials `smtpHost`, `smtpPort`, `smtpSecure`,
 * `smtpUser`, `smtpPassword`, `fromAddress`, `fromName`), threaded under the customer's last message. A 4xx or a lost
 * connection is retried (with the same Message-ID); a 5xx fails the message with the server's answer.
 */
export function createEmailOutbound(ctx: AppContext): OutboundAdapter {
  return {
    platform: 'email',
    async send({ account, conversation, message }): Promise<SendResult> {
      const settings = await settingsOf(ctx, account);
      const parent = await findLastInbound(ctx.db.kysely, conversation);
      const to = await replyAddress(ctx, conversation, parent);
      if (to === undefined) throw new JobError('The conversation has no customer email address to reply to', { permanent: true });
      const plan = planReply({ message, settings, to, parent, conversationSubject: conversation.subject });
      const transport = smtpTransport(settings, ctx.config.channels.timeoutMs);
      try {
        await transport.sendMail(mailOptions(plan, settings));
      } catch (error) {
        throw await toJobError(ctx, account, settings, error);
      } finally {
        transport.close();
      }
      await clearEmailProblem(ctx, account, 'SMTP');
      return { platformMessageId: plan.messageId, deliveryStatus: 'sent' };
    },
  };
}

async function settingsOf(ctx: AppContext, account: ChannelAccountRow): Promise<SmtpSettings> {
  let settings: SmtpSettings | undefined;
  let problem: string;
  try {
    settings = readSmtpSettings(account, accountCredentials(ctx, account));
    problem = 'settings missing: no smtpHost in the account\'s credentials, so Rapport cannot send on this account';
  } catch (error) {
    problem = `credentials malformed: ${describeCredentialError(error)}`;
  }
  if (settings !== undefined) return settings;
  await reportEmailProblem(ctx, account, 'SMTP', 'error', 'Access token', problem);
  throw new JobError(`The email account cannot send: ${problem}`, { permanent: true });
}

/** Where a reply goes: the Reply-To of the customer's last email when it had one (web forms, ticket relays), else the address they wrote from. */
async function replyAddress(ctx: AppContext, conversation: ConversationRow, parent: LastInbound | undefined): Promise<string | undefined> {
  if (parent?.receiptId !== null && parent?.receiptId !== undefined) {
    const payload = await findReceiptPayload(ctx.db.kysely, ctx.secrets, conversation.workspace_id, parent.receiptId);
    const replyTo = payload === undefined ? undefined : await replyToOf(payload);
    if (replyTo !== undefined) return replyTo;
  }
  return findCustomerAddress(ctx.db.kysely, conversation);
}

async function replyToOf(payload: string): Promise<string | undefined> {
  try {
    const { raw } = decodeEnvelope(payload);
    // Only the header block is parsed: the body may be megabytes of attachments.
    const end = raw.indexOf('\r\n\r\n');
    const headers = end >= 0 ? raw.subarray(0, end + 4) : raw.subarray(0, raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') + 2 : raw.length);
    const mail = await parseMime(headers);
    return mail.replyTo?.value.find((entry) => entry.address !== undefined && entry.address !== '')?.address?.toLowerCase();
  } catch {
    return undefined;
  }
}

const connectionCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNREFUSED', 'ECONNRESET']);

/** Turns a nodemailer failure into what the job queue understands: retry a deferral or a lost connection, fail a refusal for good. */
async function toJobError(ctx: AppContext, account: ChannelAccountRow, settings: SmtpSettings, error: unknown): Promise<JobError> {
  const failure = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const answer = (failure.response ?? failure.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 800);
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') {
    await reportEmailProblem(ctx, account, 'SMTP', 'error', 'Access token', `login to ${settings.host} refused: ${answer}`);
    return new JobError(`The mail server refused the account's login; update its SMTP credentials: ${answer}`, { permanent: true });
  }
  const code = failure.responseCode;
  if (code !== undefined && code >= 500) return new JobError(`The mail server refused the reply: ${answer}`, { permanent: true });
  if (code !== undefined && code >= 400) return new JobError(`The mail server deferred the reply: ${answer}`);
  if (failure.code !== undefined && connectionCodes.has(failure.code)) return new JobError(`Could not deliver to ${settings.host}:${settings.port}: ${answer}`);
  return new JobError(`Sending the email failed: ${answer}`);
}
