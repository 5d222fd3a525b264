import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { buildApp, type BuiltApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { systemActor, type Actor } from '../../server/features/auth/actor.js';
import { createToken } from '../../server/features/auth/token.service.js';
import { createUser } from '../../server/features/auth/user.service.js';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { createWorkspace } from '../../server/features/workspaces/workspace.service.js';
import { createRuntime, type Runtime } from '../../server/runtime.js';
import { createTestDatabase } from './db.js';

/** A running in-process Rapport on a fresh database, not listening; inject requests with `app.inject`. */
export interface TestApp extends BuiltApp {
  runtime: Runtime;
  close(): Promise<void>;
}

/** Starts Rapport for one test file on SQLite (temporary directory) or a fresh PostgreSQL schema. */
export async function startTestApp(engine: 'sqlite' | 'postgres', env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
  const database = await createTestDatabase(engine);
  const config: Config = loadConfig({
    RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false',
    ...(engine === 'postgres' && 'postgresUrl' in database.target ? { DATABASE_URL: database.target.postgresUrl, RAPPORT_SECRET_KEY: 'a'.repeat(64) } : {}),
    ...env,
  });
  const runtime = await createRuntime(config);
  await runtime.startWorker();
  const built = await buildApp(runtime);
  await built.app.ready();
  return {
    ...built,
    runtime,
    async close() {
      await built.app.close();
      await runtime.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A workspace with an admin user, an admin API token and an X account, made through the services. */
export interface SeededWorkspace {
  workspaceId: string;
  slug: string;
  adminId: string;
  adminEmail: string;
  password: string;
  token: string;
  accountId: string;
  actor: Actor;
}

let counter = 0;

/** Seeds a workspace for a test. */
export async function seedWorkspace(runtime: Runtime, slug = `ws-${process.pid}-${++counter}`): Promise<SeededWorkspace> {
  const ctx = runtime.ctx;
  const workspace = await createWorkspace(ctx, { slug, name: `Brand ${slug}`, timeZone: 'Europe/London' }, { type: 'system', id: null, userId: null });
  const system = systemActor(workspace.id);
  const password = 'correct horse battery staple';
  const adminEmail = `admin@${slug}.example`;
  const admin = await createUser(ctx, system, { email: adminEmail, name: 'Ada Admin', password, role: 'admin' });
  const actor: Actor = { type: 'user', id: admin.id, userId: admin.id, workspaceId: workspace.id, role: 'admin' };
  const { token } = await createToken(ctx, actor, { name: 'test', role: 'admin' });
  const account = await createChannelAccount(ctx, actor, { channel: 'x', handle: 'acme', name: 'Acme on X' });
  return { workspaceId: workspace.id, slug, adminId: admin.id, adminEmail, password, token, accountId: account.id, actor };
}

/** Authorization header for a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
