import { createHash } from 'node:crypto';
import type { ChannelAccountRow, EmailMailboxCursorRow } from '../../../infra/db/schema.js';
import { accountCredentials } from '../account.service.js';
import { describeCredentialError, readImapSettings, type ImapSettings } from './email.credentials.js';
import { clearEmailProblem, reportEmailProblem } from './email.health.js';
import { recordEmail, type EmailIntakeDeps } from './email.intake.js';
import { advanceCursor, markCredentialsRefused, markPolled, readCursor, resetCursor } from './email.repo.js';
import { ImapLoginRefused, ImapMailboxMissing, type MailboxConnector, type MailboxEntry, type MailboxSession } from './imap.client.js';

/** What polling needs: email intake, and how to reach an IMAP server. */
export interface PollDeps extends EmailIntakeDeps {
  connect: MailboxConnector;
}

/** How one poll ended. */
export type PollOutcome =
  | { status: 'polled'; recorded: number; skipped: number }
  | { status: 'no-imap' | 'waiting-for-new-credentials' | 'refused' | 'failed' };

/** At most this many messages are recorded per poll; the next poll goes on where this one stopped. */
const maxMessagesPerPoll = 200;
const day = 24 * 60 * 60_000;

/**
 * Polls an account's mailbox once: records every message with a UID above the last one recorded, each as an
 * `email:imap` receipt, and moves the cursor past a message only after its receipt is committed. A changed UIDVALIDITY
 * (or mailbox) resynchronises by date; duplicates of mail already in Rapport are absorbed by Message-ID. A refused
 * login is shown in the account's health and polling then waits for new credentials instead of retrying them.
 */
export async function pollMailbox(deps: PollDeps, account: ChannelAccountRow): Promise<PollOutcome> {
  const { ctx } = deps;
  let settings: ImapSettings | undefined;
  try {
    settings = readImapSettings(accountCredentials(ctx, account));
  } catch (error) {
    await reportEmailProblem(ctx, account, 'IMAP', 'error', 'Access token', `credentials malformed: ${describeCredentialError(error)}`);
    return { status: 'failed' };
  }
  if (settings === undefined) return { status: 'no-imap' };
  const fingerprint = createHash('sha256').update(account.credentials ?? '').digest('base64url');
  const cursor = await readCursor(ctx.db.kysely, account.id);
  if (cursor?.refused_credentials === fingerprint) return { status: 'waiting-for-new-credentials' };

  let session: MailboxSession;
  try {
    session = await deps.connect(settings, ctx.config.channels.timeoutMs);
  } catch (error) {
    return connectFailure(deps, account, settings, fingerprint, error);
  }
  try {
    const entries = await pendingEntries(deps, account, settings, session, cursor);
    const outcome = await recordEntries(deps, account, settings, session, entries.slice(0, maxMessagesPerPoll));
    await markPolled(ctx.db.kysely, account.id, ctx.clock.now());
    // A poll that had to skip oversized mail has just said so in the health; only a clean one clears it.
    if (outcome.status === 'polled' && outcome.skipped === 0) await clearEmailProblem(ctx, account, 'IMAP');
    return outcome;
  } catch (error) {
    await reportEmailProblem(ctx, account, 'IMAP', 'degraded', 'Platform', `polling ${settings.host} failed: ${messageOf(error)}`);
    return { status: 'failed' };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** The messages still to record: after the cursor, or, when the cursor does not fit this mailbox any more, those since the last poll. */
async function pendingEntries(deps: PollDeps, account: ChannelAccountRow, settings: ImapSettings, session: MailboxSession, cursor: EmailMailboxCursorRow | undefined): Promise<MailboxEntry[]> {
  const db = deps.ctx.db.kysely;
  if (cursor !== undefined && cursor.uid_validity === session.uidValidity && cursor.mailbox === settings.mailbox) return session.listAfter(Number(cursor.last_uid));
  // First poll: mail from about a day before the account was connected. After a UIDVALIDITY change: since the last poll.
  const since = new Date(Number(cursor?.polled_at ?? account.created_at) - day);
  const entries = await session.listSince(since);
  const baseline = entries.length > 0 ? (entries[0] as MailboxEntry).uid - 1 : Math.max(0, session.uidNext - 1);
  await resetCursor(db, { account_id: account.id, workspace_id: account.workspace_id, mailbox: settings.mailbox, uid_validity: session.uidValidity, last_uid: baseline }, deps.ctx.clock.now());
  return entries;
}

async function recordEntries(deps: PollDeps, account: ChannelAccountRow, settings: ImapSettings, session: MailboxSession, entries: MailboxEntry[]): Promise<PollOutcome> {
  const { ctx } = deps;
  const maxBytes = ctx.config.channels.smtp.maxBytes;
  let recorded = 0;
  const oversized: number[] = [];
  for (const entry of entries) {
    const raw = entry.size > maxBytes ? undefined : await session.fetchRaw(entry.uid);
    if (entry.size > maxBytes || (raw !== undefined && raw.length > maxBytes)) oversized.push(entry.uid);
    else if (raw !== undefined) {
      const arrival = { transport: 'imap' as const, mailbox: settings.mailbox, uidValidity: session.uidValidity, uid: entry.uid };
      await recordEmail(deps, account, { arrival, receivedAt: ctx.clock.now(), raw });
      recorded += 1;
    }
    // Only now is the message safe in a committed receipt (or deliberately skipped): the cursor may pass it.
    await advanceCursor(ctx.db.kysely, account.id, session.uidValidity, entry.uid, ctx.clock.now());
  }
  if (oversized.length > 0) {
    await reportEmailProblem(ctx, account, 'IMAP', 'degraded', 'Platform', `skipped ${oversized.length} message(s) over the ${maxBytes}-byte limit in ${settings.mailbox} (UID ${oversized.join(', ')})`);
  }
  return { status: 'polled', recorded, skipped: oversized.length };
}

async function connectFailure(deps: PollDeps, account: ChannelAccountRow, settings: ImapSettings, fingerprint: string, error: unknown): Promise<PollOutcome> {
  const { ctx } = deps;
  if (error instanceof ImapLoginRefused) {
    await reportEmailProblem(ctx, account, 'IMAP', 'error', 'Access token', `login for ${settings.user} at ${settings.host} refused: ${error.message}; polling resumes once the credentials change`);
    await markCredentialsRefused(ctx.db.kysely, account, settings.mailbox, fingerprint, ctx.clock.now());
    return { status: 'refused' };
  }
  if (error instanceof ImapMailboxMissing) {
    await reportEmailProblem(ctx, account, 'IMAP', 'error', 'Platform', `${error.message} on ${settings.host}`);
    return { status: 'failed' };
  }
  await reportEmailProblem(ctx, account, 'IMAP', 'degraded', 'Platform', `server ${settings.host}:${settings.port} could not be reached: ${messageOf(error)}`);
  return { status: 'failed' };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
