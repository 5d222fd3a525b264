import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { createRuntime, type Runtime } from '../../server/runtime.js';
import { seedWorkspace, type SeededWorkspace } from '../../test/helpers/app.js';
import { benchAccounts } from './ingest-events.js';

/** A temporary directory for the benchmark's databases, removed by `remove()`. */
export interface TempDir {
  path: string;
  remove(): void;
}

/** Makes a temporary directory under the OS temp dir. */
export function makeTempDir(label: string): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rapport-bench-${label}-`));
  return { path: dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Where a benchmark database lives: an SQLite file in a data directory, or a PostgreSQL URL. */
export interface BenchTarget {
  dataDir: string;
  databaseUrl?: string | undefined;
}

/** Environment of a benchmark process: quiet logs, no demo data, a fixed key so nothing depends on the data directory. */
export function benchEnv(target: BenchTarget): Record<string, string> {
  return {
    RAPPORT_DATA_DIR: target.dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false', RAPPORT_SECRET_KEY: 'b'.repeat(64),
    ...(target.databaseUrl === undefined ? {} : { DATABASE_URL: target.databaseUrl }),
  };
}

/** Opens Rapport's runtime (migrations applied) on a benchmark target. */
export async function openBenchRuntime(target: BenchTarget): Promise<Runtime> {
  return createRuntime(loadConfig(benchEnv(target)));
}

/** A workspace with an admin token and every benchmark channel account, created through the services. */
export async function seedBenchWorkspace(runtime: Runtime, slug = 'bench'): Promise<SeededWorkspace & { accountIds: string[] }> {
  const seeded = await seedWorkspace(runtime, slug);
  const accountIds = [seeded.accountId];
  for (const account of benchAccounts.slice(1)) {
    const row = await createChannelAccount(runtime.ctx, seeded.actor, { channel: account.channel, handle: account.handle });
    accountIds.push(row.id);
  }
  return { ...seeded, accountIds };
}
