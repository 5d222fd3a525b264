import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../server/features/auth/password.js';
import { resolveToken } from '../server/features/auth/token.service.js';
import { findUserByEmail } from '../server/features/auth/user.service.js';
import { openDatabase, type Db } from '../server/infra/db/database.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/import/events.ndjson', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// One data directory for the whole file: every spawn of the real binary costs a second or more, so tests get a longer timeout.
describe('rapport command line', { timeout: 120_000 }, () => {
  let dataDir: string;
  let db: Db;
  const sqliteFile = () => path.join(dataDir, 'rapport.db');

  const rapport = (...args: string[]) => new Promise<CliResult>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false' };
    // The command line must use the SQLite file this test inspects, whatever the surrounding environment says.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.RAPPORT_SECRET_KEY;
    execFile(process.execPath, ['bin/rapport.js', ...args], { cwd: root, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a workspace, a user with a generated password and an API token that authenticates', async () => {
    const workspace = await rapport('workspace', 'create', '--slug', 'acme', '--name', 'Acme Air', '--time-zone', 'Europe/London');
    expect(workspace.code).toBe(0);
    expect(workspace.stdout).toContain('Created workspace acme "Acme Air"');

    const user = await rapport('user', 'create', '--email', 'Ada@Acme.example', '--name', 'Ada Admin', '--role', 'admin');
    expect(user.code).toBe(0);
    const password = /Password: (\S+)/.exec(user.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);

    const token = await rapport('token', 'create', '--name', 'crm sync', '--role', 'agent', '--scopes', 'inbound:write,conversations:read', '--expires-in-days', '30');
    expect(token.code).toBe(0);
    const secret = /^rpt_\S+$/m.exec(token.stdout)?.[0] ?? '';

    db = openDatabase({ sqliteFile: sqliteFile() });
    const stored = await findUserByEmail(db.kysely, 'ada@acme.example');
    expect(await verifyPassword(stored?.password_hash ?? '', password)).toBe(true);
    const resolved = await resolveToken(db.kysely, secret, Date.now());
    expect(resolved).toMatchObject({ name: 'crm sync', role: 'agent', scopes: JSON.stringify(['inbound:write', 'conversations:read']) });
    expect(await resolveToken(db.kysely, secret, Date.now() + 31 * 86_400_000)).toBeUndefined();

    const revoked = await rapport('token', 'revoke', resolved?.id ?? '');
    expect(revoked.code).toBe(0);
    expect(await resolveToken(db.kysely, secret, Date.now())).toBeUndefined();
  });

  it('imports an NDJSON file, printing the summary and writing rejected lines with their numbers to --rejects', async () => {
    expect((await rapport('account', 'create', '--channel', 'x', '--handle', 'acme')).code).toBe(0);
    const rejects = path.join(dataDir, 'rejects.txt');
    const result = await rapport('import', fixture, '--rejects', rejects);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('6 imported, 1 duplicates, 7 rejected');
    expect(result.stderr).toContain('line 7: account: no x account "nobody" in this workspace');
    const written = fs.readFileSync(rejects, 'utf8').trim().split('\n');
    expect(written.map((line) => /^line (\d+): /.exec(line)?.[1])).toEqual(['4', '6', '7', '8', '12', '13', '14']);
  });

  it('verifies the audit log: exit 0 when intact, exit 1 naming the entry after a row is edited in the database', async () => {
    const intact = await rapport('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^acme: ok \(\d+ entries\)$/m);

    const sqlite = new SqliteDatabase(sqliteFile());
    const entry = sqlite.prepare(`select seq from audit_entries where action = 'token.created'`).get() as { seq: number };
    sqlite.prepare(`update audit_entries set "after" = '{"name":"innocent"}' where seq = ?`).run(entry.seq);
    sqlite.close();

    const tampered = await rapport('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`acme: BROKEN at entry #${entry.seq}: this entry was edited`);
  });

  it('asks for --workspace once there is more than one workspace', async () => {
    expect((await rapport('workspace', 'create', '--slug', 'other', '--name', 'Other brand')).code).toBe(0);
    const ambiguous = await rapport('token', 'list');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('There are 2 workspaces (acme, other); choose one with --workspace <slug>');
  });
});
