import { ImapFlow } from 'imapflow';
import type { ImapSettings } from './email.credentials.js';

/** A message in the mailbox: its UID and size, before its bytes are fetched. */
export interface MailboxEntry {
  uid: number;
  size: number;
}

/** One logged-in IMAP session with a mailbox open read-only: the few operations polling needs. */
export interface MailboxSession {
  readonly uidValidity: string;
  /** The UID the next message will get: everything below it already exists. */
  readonly uidNext: number;
  readonly exists: number;
  /** Messages with a UID above `lastUid`, oldest first. */
  listAfter(lastUid: number): Promise<MailboxEntry[]>;
  /** Messages that arrived on or after the day of `since` (IMAP SEARCH SINCE), oldest first. */
  listSince(since: Date): Promise<MailboxEntry[]>;
  /** The raw bytes of one message, or undefined when it is gone. */
  fetchRaw(uid: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

/** Logs in and opens a mailbox read-only; throws ImapLoginRefused when the server refuses the credentials. */
export type MailboxConnector = (settings: ImapSettings, timeoutMs: number) => Promise<MailboxSession>;

/** The server refused the account's IMAP login. */
export class ImapLoginRefused extends Error {
  override readonly name = 'ImapLoginRefused';
}

/** The IMAP server has no such mailbox. */
export class ImapMailboxMissing extends Error {
  override readonly name = 'ImapMailboxMissing';
}

/** Connects with imapflow: implicit TLS or STARTTLS, LOGIN/AUTHENTICATE, EXAMINE (read-only: nothing is marked seen). */
export const imapflowConnector: MailboxConnector = async (settings, timeoutMs) => {
  const client = new ImapFlow({
    host: settings.host, port: settings.port, secure: settings.secure, auth: { user: settings.user, pass: settings.password },
    logger: false, disableAutoIdle: true, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs * 4,
  });
  // A dropped connection is reported through the failing command; the event must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    if ((error as { authenticationFailed?: boolean }).authenticationFailed === true) throw new ImapLoginRefused(serverText(error));
    throw error;
  }
  let mailbox;
  try {
    mailbox = await client.mailboxOpen(settings.mailbox, { readOnly: true });
  } catch (error) {
    await client.logout().catch(() => client.close());
    if ((error as { mailboxMissing?: boolean }).mailboxMissing === true) throw new ImapMailboxMissing(`the mailbox "${settings.mailbox}" does not exist`);
    throw error;
  }
  const sizes = async (range: string): Promise<MailboxEntry[]> => {
    const entries: MailboxEntry[] = [];
    for await (const message of client.fetch(range, { uid: true, size: true }, { uid: true })) entries.push({ uid: message.uid, size: message.size ?? 0 });
    return entries.sort((a, b) => a.uid - b.uid);
  };
  return {
    uidValidity: mailbox.uidValidity.toString(),
    uidNext: mailbox.uidNext,
    exists: mailbox.exists,
    // "n:*" names the last message even when its UID is below n (RFC 3501 §6.4.8), so the answer is filtered.
    listAfter: async (lastUid) => (mailbox.exists === 0 ? [] : (await sizes(`${lastUid + 1}:*`)).filter((entry) => entry.uid > lastUid)),
    async listSince(since) {
      const uids = await client.search({ since }, { uid: true });
      return Array.isArray(uids) && uids.length > 0 ? sizes(uids.join(',')) : [];
    },
    async fetchRaw(uid) {
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      return message === false ? undefined : message.source;
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
};

function serverText(error: unknown): string {
  const failure = error as { response?: unknown; responseText?: unknown; message?: string };
  const text = typeof failure.responseText === 'string' ? failure.responseText : typeof failure.response === 'string' ? failure.response : failure.message;
  return (text ?? 'authentication failed').slice(0, 500);
}
