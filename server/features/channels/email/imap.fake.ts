import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { createLineReader, internalDate, parseSearchDate, quote, resolveSequenceSet, tokenize, type ImapToken } from './imap.fake-protocol.js';

/** A message stored in the fake mailbox. */
export interface FakeImapMessage {
  uid: number;
  raw: Buffer;
  internalDate: Date;
}

interface FakeMailbox {
  uidValidity: number;
  uidNext: number;
  messages: FakeImapMessage[];
}

/** A fake IMAP4rev1 server on 127.0.0.1, for tests and the demo: one user, plain TCP, the commands a polling client uses. */
export interface ImapFake {
  port: number;
  /** Every command received, as `COMMAND args` (LOGIN's password masked), for assertions. */
  commands: string[];
  /** Delivers a message into a mailbox and returns its UID. */
  append(raw: Buffer | string, options?: { mailbox?: string; internalDate?: Date }): number;
  /** Recreates a mailbox under a new UIDVALIDITY, renumbering its messages from 1 (what a server does after a rebuild). */
  renumber(mailbox: string, uidValidity: number): void;
  setPassword(password: string): void;
  close(): Promise<void>;
}

/**
 * Starts the fake. It answers CAPABILITY, NOOP, LOGIN, NAMESPACE, LIST, SELECT / EXAMINE, UID FETCH / FETCH (UID, FLAGS,
 * RFC822.SIZE, INTERNALDATE, BODY[] / BODY.PEEK[]), UID SEARCH / SEARCH (ALL, UID, SINCE), CLOSE and LOGOUT as RFC 3501
 * describes, including `n:*` naming the last message when n is past it; anything else is a tagged BAD.
 */
export async function startImapFake(options: { user: string; password: string; mailboxes?: string[] }): Promise<ImapFake> {
  let password = options.password;
  const commands: string[] = [];
  const mailboxes = new Map<string, FakeMailbox>((options.mailboxes ?? ['INBOX']).map((name) => [name.toUpperCase(), { uidValidity: 1_700_000_001, uidNext: 1, messages: [] }]));
  const sockets = new Set<net.Socket>();
  const capabilities = 'IMAP4rev1 NAMESPACE';

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let loggedIn = false;
    let selected: FakeMailbox | undefined;
    const send = (text: string | Buffer) => socket.write(text);
    send(`* OK [CAPABILITY ${capabilities}] Rapport fake IMAP ready\r\n`);
    socket.on('data', createLineReader((line) => {
      const [tag = '*', command = '', ...args] = tokenize(line) as [string?, string?, ...ImapToken[]];
      const verb = command.toUpperCase();
      const uid = verb === 'UID';
      const name = uid ? `UID ${String(args[0] ?? '').toUpperCase()}` : verb;
      const rest = uid ? args.slice(1) : args;
      commands.push(verb === 'LOGIN' ? `LOGIN ${String(args[0])} ***` : `${name} ${serialise(rest)}`.trim());
      const ok = (text = `${name} completed`) => send(`${tag} OK ${text}\r\n`);
      const no = (text: string) => send(`${tag} NO ${text}\r\n`);
      switch (name) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${capabilities}\r\n`);
          return ok();
        case 'NOOP':
        case 'CLOSE':
        case 'UNSELECT':
          return ok();
        case 'LOGOUT':
          send('* BYE Logging out\r\n');
          ok();
          return void socket.end();
        case 'LOGIN':
          if (args[0] === options.user && args[1] === password) {
            loggedIn = true;
            return ok(`[CAPABILITY ${capabilities}] Logged in`);
          }
          return no('[AUTHENTICATIONFAILED] Invalid credentials (Failure)');
      }
      if (!loggedIn) return send(`${tag} BAD Log in first\r\n`);
      switch (name) {
        case 'NAMESPACE':
          send('* NAMESPACE (("" "/")) NIL NIL\r\n');
          return ok();
        case 'LIST':
        case 'LSUB': {
          const pattern = String(rest[1] ?? '');
          if (pattern === '') send('* LIST (\\Noselect) "/" ""\r\n');
          else for (const mailbox of mailboxes.keys()) if (mailbox === pattern.toUpperCase() || pattern === '*') send(`* LIST () "/" ${quote(mailbox)}\r\n`);
          return ok();
        }
        case 'SELECT':
        case 'EXAMINE': {
          selected = mailboxes.get(String(rest[0] ?? '').toUpperCase());
          if (selected === undefined) return no('[NONEXISTENT] Unknown mailbox');
          send(`* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* ${selected.messages.length} EXISTS\r\n* 0 RECENT\r\n`);
          send(`* OK [UIDVALIDITY ${selected.uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${selected.uidNext}] Predicted next UID\r\n* OK [PERMANENTFLAGS ()] No permanent flags\r\n`);
          return ok(`[${name === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed`);
        }
        case 'FETCH':
        case 'UID FETCH':
          if (selected === undefined) return send(`${tag} BAD No mailbox selected\r\n`);
          for (const message of pick(selected, String(rest[0] ?? ''), uid)) send(fetchResponse(selected, message, rest[1] ?? []));
          return ok();
        case 'SEARCH':
        case 'UID SEARCH': {
          const mailbox = selected;
          if (mailbox === undefined) return send(`${tag} BAD No mailbox selected\r\n`);
          const found = search(mailbox, rest.map(String));
          send(`* SEARCH${found.map((message) => ` ${uid ? message.uid : mailbox.messages.indexOf(message) + 1}`).join('')}\r\n`);
          return ok();
        }
        default:
          return send(`${tag} BAD Command not supported by the fake\r\n`);
      }
    }, () => send('+ Ready for literal data\r\n')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as AddressInfo).port,
    commands,
    append(raw, appendOptions = {}) {
      const mailbox = mailboxes.get((appendOptions.mailbox ?? 'INBOX').toUpperCase());
      if (mailbox === undefined) throw new Error(`no mailbox ${appendOptions.mailbox ?? 'INBOX'}`);
      const message = { uid: mailbox.uidNext, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw), internalDate: appendOptions.internalDate ?? new Date() };
      mailbox.messages.push(message);
      mailbox.uidNext += 1;
      return message.uid;
    },
    renumber(name, uidValidity) {
      const mailbox = mailboxes.get(name.toUpperCase());
      if (mailbox === undefined) throw new Error(`no mailbox ${name}`);
      mailbox.uidValidity = uidValidity;
      mailbox.messages = mailbox.messages.map((message, index) => ({ ...message, uid: index + 1 }));
      mailbox.uidNext = mailbox.messages.length + 1;
    },
    setPassword(next) {
      password = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pick(mailbox: FakeMailbox, set: string, byUid: boolean): FakeImapMessage[] {
  const numbers = mailbox.messages.map((message, index) => (byUid ? message.uid : index + 1));
  const chosen = new Set(resolveSequenceSet(set, numbers));
  return mailbox.messages.filter((message, index) => chosen.has(byUid ? message.uid : index + 1));
}

function fetchResponse(mailbox: FakeMailbox, message: FakeImapMessage, items: ImapToken): Buffer {
  const wanted = (Array.isArray(items) ? items : [items]).map((item) => String(item).toUpperCase());
  const parts: Array<string | Buffer> = [`UID ${message.uid}`];
  for (const item of wanted) {
    if (item === 'FLAGS') parts.push('FLAGS ()');
    else if (item === 'RFC822.SIZE') parts.push(`RFC822.SIZE ${message.raw.length}`);
    else if (item === 'INTERNALDATE') parts.push(`INTERNALDATE ${internalDate(message.internalDate)}`);
    else if (item === 'BODY[]' || item === 'BODY.PEEK[]' || item === 'RFC822') parts.push(Buffer.concat([Buffer.from(`${item === 'RFC822' ? 'RFC822' : 'BODY[]'} {${message.raw.length}}\r\n`), message.raw]));
  }
  const sequence = mailbox.messages.indexOf(message) + 1;
  const body = parts.flatMap((part, index) => (index === 0 ? [Buffer.from(String(part))] : [Buffer.from(' '), Buffer.isBuffer(part) ? part : Buffer.from(part)]));
  return Buffer.concat([Buffer.from(`* ${sequence} FETCH (`), ...body, Buffer.from(')\r\n')]);
}

function search(mailbox: FakeMailbox, criteria: string[]): FakeImapMessage[] {
  let found = mailbox.messages;
  for (let index = 0; index < criteria.length; index += 1) {
    const key = (criteria[index] ?? '').toUpperCase();
    if (key === 'SINCE') {
      const since = parseSearchDate(criteria[(index += 1)] ?? '');
      found = found.filter((message) => message.internalDate.getTime() >= since);
    } else if (key === 'UID') {
      const uids = new Set(resolveSequenceSet(criteria[(index += 1)] ?? '', mailbox.messages.map((message) => message.uid)));
      found = found.filter((message) => uids.has(message.uid));
    }
  }
  return found;
}

function serialise(tokens: readonly ImapToken[]): string {
  return tokens.map((token) => (Array.isArray(token) ? `(${serialise(token)})` : token)).join(' ');
}
