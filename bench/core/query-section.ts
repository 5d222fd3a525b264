import { loadConfig } from '../../server/config.js';
import { sqliteFileOf } from '../../server/runtime.js';
import { benchEnv, openBenchRuntime, seedBenchWorkspace, type BenchTarget } from './bench-runtime.js';
import { generateQueryDatabase, type QueryDbFacts, type QueryDbSize } from './query-database.js';
import { measureQueryLatency, type KindLatency } from './query-latency.js';
import { postgresSink, sqliteSink } from './row-sinks.js';

/** Builds the large inbox (raw inserts, then fresh statistics) and times list and search queries on it through the repository. */
export async function runQuerySection(target: BenchTarget, size: QueryDbSize, samples: { list: number; search: number }): Promise<{ facts: QueryDbFacts; generateSeconds: number; latencies: KindLatency[] }> {
  const seeding = await openBenchRuntime(target);
  const workspace = await seedBenchWorkspace(seeding);
  await seeding.close();
  const started = performance.now();
  const sink = target.databaseUrl === undefined ? sqliteSink(sqliteFileOf(loadConfig(benchEnv(target)))) : await postgresSink(target.databaseUrl);
  const facts = await generateQueryDatabase(sink, workspace.workspaceId, workspace.accountIds, size);
  const generateSeconds = (performance.now() - started) / 1000;
  const runtime = await openBenchRuntime(target);
  try {
    return { facts, generateSeconds, latencies: await measureQueryLatency(runtime.ctx.db.kysely, facts, samples) };
  } finally {
    await runtime.close();
  }
}
