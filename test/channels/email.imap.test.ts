import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { findAccountById } from '../../server/features/channels/channel-health.repo.js';
import { readCursor } from '../../server/features/channels/email/email.repo.js';
import { imapflowConnector } from '../../server/features/channels/email/imap.client.js';
import { startImapFake, type ImapFake } from '../../server/features/channels/email/imap.fake.js';
import { ensureImapPolling } from '../../server/features/channels/email/imap-poll.job.js';
import { pollMailbox, type PollDeps } from '../../server/features/channels/email/imap.poller.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/db.js';

const maxBytes = 64 * 1024;
const day = 24 * 60 * 60_000;

/** A customer's mail as it sits in the brand's mailbox. */
const mail = (id: string, subject: string, text = `Message ${id}`) =>
  `From: Kim Customer <kim@example.com>\r\nTo: help@acme.example\r\nSubject: ${subject}\r\nMessage-ID: <${id}@example.com>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${text}\r\n`;

describe.each(testEngines)('email fetched by IMAP polling on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let fake: ImapFake;
  let deps: PollDeps;
  let accounts = 0;
  beforeAll(async () => {
    t = await startTestApp(engine, { RAPPORT_SMTP_MAX_BYTES: String(maxBytes) });
    ws = await seedWorkspace(t.runtime);
    fake = await startImapFake({ user: 'help@acme.example', password: 'mailbox-secret', mailboxes: ['INBOX', 'Support', 'Bounces', 'Large', 'Cut'] });
    deps = { ctx: t.runtime.ctx, ingest: t.runtime.ingest, connect: imapflowConnector };
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const connect = (mailbox: string, extra: Record<string, string> = {}) => createChannelAccount(t.runtime.ctx, ws.actor, {
    channel: 'email', handle: `help+${++accounts}@acme.example`,
    credentials: { imapHost: '127.0.0.1', imapPort: String(fake.port), imapSecure: 'false', imapUser: 'help@acme.example', imapPassword: 'mailbox-secret', imapMailbox: mailbox, imapPollSeconds: '3600', ...extra },
  });
  const poll = async (account: ChannelAccountRow) => {
    const outcome = await pollMailbox(deps, (await findAccountById(t.runtime.ctx.db.kysely, account.id)) ?? account);
    await t.runtime.ingest.drain();
    return outcome;
  };
  const messagesOf = (account: ChannelAccountRow) => t.runtime.ctx.db.kysely.selectFrom('messages').select(['platform_message_id', 'text']).where('account_id', '=', account.id).orderBy('sent_at').execute();
  const receiptsOf = (account: ChannelAccountRow) => t.runtime.ctx.db.kysely.selectFrom('receipts').select(['source']).where('account_id', '=', account.id).execute();
  const waitFor = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      expect(Date.now(), what).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('polls on its own schedule once started: new mail becomes conversations, mail from before the account is left alone', async () => {
    fake.append(mail('old-1', 'Last week'), { internalDate: new Date(Date.now() - 3 * day) });
    fake.append(mail('fresh-1', 'Printer on fire'));
    const account = await connect('INBOX', { imapPollSeconds: '1' });
    expect(await ensureImapPolling(t.runtime.ctx)).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await messagesOf(account)).length === 1, 'first poll');
    fake.append(mail('fresh-2', 'Re: Printer on fire', 'Still burning'));
    await waitFor(async () => (await messagesOf(account)).length === 2, 'next scheduled poll');
    expect((await messagesOf(account)).map((message) => message.platform_message_id)).toEqual(['<fresh-1@example.com>', '<fresh-2@example.com>']);
    expect(await receiptsOf(account)).toEqual([{ source: 'email:imap' }, { source: 'email:imap' }]);
    // Read-only (EXAMINE, BODY.PEEK): polling never marks the brand's mail as read.
    expect(fake.commands).toContain('EXAMINE INBOX');
    expect(fake.commands.filter((command) => command.startsWith('UID FETCH') && command.includes('BODY[]'))).toEqual([]);
    const jobs = await t.runtime.ctx.db.kysely.selectFrom('jobs').select(['dedupe_key']).where('name', '=', 'email.imap-poll').execute();
    expect(jobs.every((job) => job.dedupe_key?.startsWith(`email.imap-poll:${account.id}:1000:`) === true)).toBe(true);

    // Without IMAP settings the chain ends at its next run; the other tests poll by hand on a quiet server.
    await t.runtime.ctx.db.kysely.updateTable('channel_accounts').set({ credentials: null }).where('id', '=', account.id).execute();
    await waitFor(async () => {
      const seen = fake.commands.length;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return fake.commands.length === seen;
    }, 'the polling chain ended');
  });

  it('resumes after the last recorded UID on every new session, so nothing is fetched twice and nothing is missed', async () => {
    for (const id of ['s-1', 's-2', 's-3']) fake.append(mail(id, `Question ${id}`), { mailbox: 'Support' });
    const account = await connect('Support');
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 3, skipped: 0 });
    expect((await readCursor(t.runtime.ctx.db.kysely, account.id))?.last_uid).toBe(3);

    fake.append(mail('s-4', 'Question s-4'), { mailbox: 'Support' });
    const before = fake.commands.length;
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 1, skipped: 0 });
    expect(fake.commands.slice(before)).toContain('UID FETCH 4:* (UID RFC822.SIZE)');
    expect(fake.commands.slice(before).filter((command) => command.endsWith('(UID BODY.PEEK[])'))).toEqual(['UID FETCH 4 (UID BODY.PEEK[])']);
    // Nothing new: "5:*" still names the last message (RFC 3501), which must not be recorded again.
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 0, skipped: 0 });
    expect(await messagesOf(account)).toHaveLength(4);
    expect(await receiptsOf(account)).toHaveLength(4);
  });

  it('keeps the cursor on the last committed message when a poll breaks off, and the next poll picks up from there', async () => {
    for (const id of ['c-1', 'c-2', 'c-3']) fake.append(mail(id, `Cut ${id}`), { mailbox: 'Cut' });
    const account = await connect('Cut');
    // The connection drops while the second message is being fetched.
    const dropping: PollDeps = {
      ...deps,
      async connect(settings, timeoutMs) {
        const session = await imapflowConnector(settings, timeoutMs);
        return { ...session, fetchRaw: async (uid) => (uid === 2 ? Promise.reject(new Error('Connection reset')) : session.fetchRaw(uid)) };
      },
    };
    expect(await pollMailbox(dropping, account)).toEqual({ status: 'failed' });
    await t.runtime.ingest.drain();
    expect((await readCursor(t.runtime.ctx.db.kysely, account.id))?.last_uid).toBe(1);
    expect((await findAccountById(t.runtime.ctx.db.kysely, account.id))?.health_detail).toContain('Connection reset');
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 2, skipped: 0 });
    expect((await findAccountById(t.runtime.ctx.db.kysely, account.id))?.health_status).toBe('ok');
    expect((await messagesOf(account)).map((message) => message.platform_message_id)).toEqual(['<c-1@example.com>', '<c-2@example.com>', '<c-3@example.com>']);
    expect(await receiptsOf(account)).toHaveLength(3);
  });

  it('resynchronises by date when UIDVALIDITY changes, and mail already in Rapport stays single', async () => {
    const account = await connect('Support');
    await poll(account);
    const before = (await messagesOf(account)).length;
    fake.renumber('Support', 1_800_000_002);
    fake.append(mail('s-5', 'After the rebuild'), { mailbox: 'Support' });
    const outcome = await poll(account);
    expect(outcome).toMatchObject({ status: 'polled' });
    expect(await messagesOf(account)).toHaveLength(before + 1);
    expect(await readCursor(t.runtime.ctx.db.kysely, account.id)).toMatchObject({ uid_validity: '1800000002', last_uid: 5 });
  });

  it('shows refused credentials in the account\'s health and stops logging in until the credentials change', async () => {
    fake.append(mail('b-1', 'Hello'), { mailbox: 'Bounces' });
    const account = await connect('Bounces', { imapPassword: 'wrong-password' });
    expect(await poll(account)).toEqual({ status: 'refused' });
    const refused = await findAccountById(t.runtime.ctx.db.kysely, account.id);
    expect(refused?.health_status).toBe('error');
    expect(refused?.health_detail).toContain('IMAP login for help@acme.example at 127.0.0.1 refused: Invalid credentials');

    const logins = fake.commands.filter((command) => command.startsWith('LOGIN')).length;
    expect(await poll(account)).toEqual({ status: 'waiting-for-new-credentials' });
    expect(fake.commands.filter((command) => command.startsWith('LOGIN')).length).toBe(logins);

    const fixed = { imapHost: '127.0.0.1', imapPort: String(fake.port), imapSecure: 'false', imapUser: 'help@acme.example', imapPassword: 'mailbox-secret', imapMailbox: 'Bounces' };
    await t.runtime.ctx.db.kysely.updateTable('channel_accounts').set({ credentials: t.runtime.ctx.secrets.seal(JSON.stringify(fixed)) }).where('id', '=', account.id).execute();
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 1, skipped: 0 });
    expect((await findAccountById(t.runtime.ctx.db.kysely, account.id))?.health_status).toBe('ok');
  });

  it('skips a message over the size limit, says so in the account\'s health, and goes on with the next', async () => {
    fake.append(mail('big-1', 'Huge scan', 'x'.repeat(maxBytes + 10)), { mailbox: 'Large' });
    fake.append(mail('small-1', 'Small one'), { mailbox: 'Large' });
    const account = await connect('Large');
    expect(await poll(account)).toEqual({ status: 'polled', recorded: 1, skipped: 1 });
    expect((await messagesOf(account)).map((message) => message.platform_message_id)).toEqual(['<small-1@example.com>']);
    const health = await findAccountById(t.runtime.ctx.db.kysely, account.id);
    expect(health).toMatchObject({ health_status: 'degraded' });
    expect(health?.health_detail).toContain('skipped 1 message(s) over the 65536-byte limit in Large (UID 1)');
  });
});
