import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import type { IngestPipeline, ReceiptDecoder } from '../../ingest/ingest.service.js';
import { clearAccountProblem, findAccountById, reportAccountProblem } from '../channel-health.repo.js';
import { readEmail } from './email.parse.js';
import { decodeEnvelope, emailSources, encodeEnvelope, type EmailEnvelope } from './email.receipt.js';

/** What receiving email needs: the context, and the pipeline that records receipts durably. */
export interface EmailIntakeDeps {
  ctx: AppContext;
  ingest: Pick<IngestPipeline, 'record'>;
}

/** What recording one email for one account amounted to. */
export interface RecordedEmail {
  receiptId: string;
  events: number;
  automated: string | undefined;
}

/**
 * Records one received email for one account and returns once its receipt is committed (the SMTP 250 and the IMAP
 * cursor wait for this); the events are processed in the background, and again from the receipt after a crash.
 */
export async function recordEmail(deps: EmailIntakeDeps, account: ChannelAccountRow, envelope: EmailEnvelope): Promise<RecordedEmail> {
  const { ctx } = deps;
  const reading = await readEmail(envelope, account);
  const stored: EmailEnvelope = reading.automated === undefined ? envelope : { ...envelope, automated: reading.automated };
  const source = envelope.arrival.transport === 'smtp' ? emailSources.smtp : emailSources.imap;
  const { receiptId, processed } = await deps.ingest.record({ workspaceId: account.workspace_id, source, accountId: account.id, payload: encodeEnvelope(stored), events: reading.events });
  processed.catch((error: unknown) => ctx.logger.error({ err: error, receiptId }, 'processing an email receipt failed'));
  if (reading.automated !== undefined) ctx.logger.info({ receiptId, accountId: account.id, automated: reading.automated }, 'automated email recorded without opening a conversation');
  if (reading.unrecognised.length > 0) {
    await reportAccountProblem(ctx.db.kysely, account, 'degraded', 'Webhook payload', `an email was recorded but skipped (receipt ${receiptId}): ${reading.unrecognised[0] ?? ''}`, ctx.clock.now());
  } else {
    // Mail that reads cleanly shows the account is receiving, and ends a problem an unreadable one caused.
    await clearAccountProblem(ctx.db.kysely, account, 'Webhook payload', ctx.clock.now());
  }
  return { receiptId, events: reading.events.length, automated: reading.automated };
}

/** Decodes stored email receipts (`email:smtp`, `email:imap`) on replay: the same parse as on arrival, from the raw bytes. */
export function createEmailDecoder(ctx: AppContext): ReceiptDecoder {
  return async (receipt) => {
    const account = receipt.account_id === null ? undefined : await findAccountById(ctx.db.kysely, receipt.account_id);
    if (account === undefined) throw new Error(`the receipt's account ${receipt.account_id ?? '(none)'} no longer exists`);
    const reading = await readEmail(decodeEnvelope(receipt.payload), account);
    return reading.events;
  };
}
