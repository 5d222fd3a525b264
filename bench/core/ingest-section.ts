import path from 'node:path';
import { sql } from 'kysely';
import type { InboundEventInput } from '../../common/inbound.js';
import { sqliteFileOf } from '../../server/runtime.js';
import { loadConfig } from '../../server/config.js';
import { preparePayloads, runAcceptIngest, type AcceptLoad } from './accept-ingest.js';
import { benchEnv, openBenchRuntime, seedBenchWorkspace, type BenchTarget } from './bench-runtime.js';
import { insertRawSqlite, readIngestRows, readSqlitePragmas, rowCount, type TableRows } from './raw-insert.js';

/** One measured pass: the pipeline on a fresh database, then the same rows inserted raw into another fresh database. */
export interface IngestRound {
  events: number;
  /** Whether the workspace's triage enricher ran on inbound messages, as it does in a server. */
  enriched: boolean;
  pipelineSeconds: number;
  rawSeconds: number;
  /** CPU time of this process during each side: less disturbed than wall time when the machine is shared. */
  pipelineCpuSeconds: number;
  rawCpuSeconds: number;
  rows: number;
  rowsByTable: Record<string, number>;
  /** Transactions the pipeline committed (distinct processed_at of its receipts). */
  batches: number;
  outcomes: Record<string, number>;
}

/** Where each round's databases go: a fresh data directory (SQLite) or a fresh PostgreSQL schema. */
export interface TargetFactory {
  create(label: string): Promise<BenchTarget & { drop(): Promise<void> }>;
  /** Inserts the rows raw into a fresh migrated target and returns the seconds the timed part took. */
  insertRaw(target: BenchTarget, rows: TableRows, pragmas: Record<string, string | number>): Promise<number>;
}

/** SQLite targets under a temporary directory; the raw baseline uses better-sqlite3 with the pipeline connection's pragmas. */
export function sqliteTargets(root: string): TargetFactory {
  return {
    async create(label) {
      return { dataDir: path.join(root, label), drop: async () => undefined };
    },
    async insertRaw(target, rows, pragmas) {
      return insertRawSqlite(sqliteFileOf(loadConfig(benchEnv(target))), rows, pragmas);
    },
  };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Runs rounds of pipeline-then-raw on the same events; `enriched[i]` says whether round i runs the triage enricher. */
export async function runIngestRounds(inputs: readonly InboundEventInput[], load: AcceptLoad, enriched: readonly boolean[], targets: TargetFactory): Promise<IngestRound[]> {
  const payloads = preparePayloads(inputs, load.eventsPerAccept);
  const results: IngestRound[] = [];
  for (const [round, enrich] of enriched.entries()) {
    const pipelineTarget = await targets.create(`pipeline-${round}`);
    const runtime = await openBenchRuntime(pipelineTarget);
    const workspace = await seedBenchWorkspace(runtime);
    if (!enrich) runtime.ingest.enricher = undefined;
    const pipelineCpu = process.cpuUsage();
    const run = await runAcceptIngest(runtime, workspace.workspaceId, payloads, load);
    const pipelineCpuSeconds = cpuSecondsSince(pipelineCpu);
    const db = runtime.ctx.db.kysely;
    const batches = (await sql<{ n: number }>`select count(distinct processed_at) as n from receipts`.execute(db)).rows[0]?.n ?? 0;
    const rows = await readIngestRows(db);
    const pragmas = runtime.ctx.db.dialect === 'sqlite' ? await readSqlitePragmas(db) : {};
    await runtime.close();
    await pipelineTarget.drop();

    const rawTarget = await targets.create(`raw-${round}`);
    await (await openBenchRuntime(rawTarget)).close();
    const rawCpu = process.cpuUsage();
    const rawSeconds = await targets.insertRaw(rawTarget, rows, pragmas);
    const rawCpuSeconds = cpuSecondsSince(rawCpu);
    await rawTarget.drop();
    results.push({
      events: run.events, enriched: enrich, pipelineSeconds: run.seconds, rawSeconds, pipelineCpuSeconds, rawCpuSeconds, rows: rowCount(rows), batches: Number(batches), outcomes: run.outcomes,
      rowsByTable: { contacts: rows.contacts.length, contact_identities: rows.contact_identities.length, conversations: rows.conversations.length, messages: rows.messages.length },
    });
  }
  return results;
}
