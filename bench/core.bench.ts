/**
 * Core benchmark: (a) ingest throughput through the real pipeline (runtime.ingest.accept, and the HTTP inbound API of a
 * `rapport start` process) next to the raw insert rate of the same rows into a fresh identical database; (b) p50/p99 latency
 * of conversation lists and text search on a generated inbox of 1,000,000 messages in 200,000 conversations.
 * (c) signed webhooks over HTTP (autocannon): acknowledged per second, p99 to acknowledge, and p99 from webhook to the live
 * WebSocket at a steady 1,000 webhooks/s.
 * Run: npm run bench [-- --quick] [-- --postgres (on DATABASE_URL)] [-- --no-http] [-- --no-webhooks]. The last line printed is one JSON object.
 */
import os from 'node:os';
import SqliteDatabase from 'better-sqlite3';
import type { InboundEventInput } from '../common/inbound.js';
import type { AcceptLoad } from './core/accept-ingest.js';
import { makeTempDir } from './core/bench-runtime.js';
import { runHttpIngest, type HttpLoad } from './core/http-ingest.js';
import { generateInboundEvents } from './core/ingest-events.js';
import { printIngest, summariseIngest, type IngestSummary } from './core/ingest-report.js';
import { runIngestRounds, sqliteTargets, type TargetFactory } from './core/ingest-section.js';
import { printLatency, summariseLatency } from './core/latency-report.js';
import { postgresTargets } from './core/postgres-targets.js';
import { runQuerySection } from './core/query-section.js';
import { printTable, round } from './core/report.js';
import { runWebhookBench, type WebhookLoad, type WebhookResult } from './core/webhook-section.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const engine = args.has('--postgres') ? 'postgres' : 'sqlite';
// Rounds run the pipeline as a server does (triage enrichment on); the last one runs without enrichment to show its share.
const plan = quick
  ? { ingestEvents: 10_000, rounds: [true, false], query: { conversations: 20_000, messages: 100_000 }, samples: { list: 100, search: 50 } }
  : { ingestEvents: 50_000, rounds: [true, true, true, false], query: { conversations: 200_000, messages: 1_000_000 }, samples: { list: 200, search: 100 } };
// A busy server: many small payloads in flight, so the pipeline coalesces them into batches; HTTP clients send 100 events a request.
const acceptLoad: AcceptLoad = { eventsPerAccept: 10, inFlight: 100 };
const httpLoad: HttpLoad = { eventsPerRequest: 100, connections: 8 };
// Webhooks: a burst as fast as they are acknowledged, then a steady 1,000/s timed from send to the live socket.
const webhookLoad: WebhookLoad = quick
  ? { burstWebhooks: 5_000, connections: 32, steadyRate: 1_000, steadySeconds: 5 }
  : { burstWebhooks: 20_000, connections: 32, steadyRate: 1_000, steadySeconds: 15 };
const targets = { listP99Ms: 20, searchP99Ms: 100, ingestRatio: 0.5, webhookToWsP99Ms: 100 };

const temp = makeTempDir('core');
process.once('SIGINT', () => {
  temp.remove();
  process.exit(130);
});
try {
  await main();
} finally {
  temp.remove();
}

async function main(): Promise<void> {
  if (engine === 'postgres' && process.env.DATABASE_URL === undefined) throw new Error('--postgres needs DATABASE_URL');
  const sqliteVersion = (new SqliteDatabase(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v;
  console.log(`Rapport core benchmark (${quick ? 'quick' : 'full'}) on ${engine}: node ${process.version}, SQLite ${sqliteVersion}, ${os.cpus().length} CPUs, load average at start ${os.loadavg()[0]?.toFixed(2)}`);
  const started = performance.now();
  const factory: TargetFactory = engine === 'postgres' ? postgresTargets(temp.path) : sqliteTargets(temp.path);

  const { events, mix } = generateInboundEvents(plan.ingestEvents);
  console.log(`Ingest events: ${events.length} (new threads ${mix.newThreads}, replies/DM continuations ${mix.continuations}, brand echoes ${mix.brandEchoes}, delivery statuses ${mix.statusUpdates}); ${acceptLoad.eventsPerAccept} events per accept(), ${acceptLoad.inFlight} in flight`);
  const rounds = await runIngestRounds(events, acceptLoad, plan.rounds, factory);
  const ingest = summariseIngest(rounds);
  printIngest(rounds, ingest);
  const http = args.has('--no-http') ? undefined : await httpSection(events, factory, ingest);
  const webhooks = args.has('--no-webhooks') ? undefined : await webhookSection(factory);

  const queryTarget = await factory.create('query');
  const query = await runQuerySection(queryTarget, plan.query, plan.samples);
  await queryTarget.drop();
  const latency = summariseLatency(query.latencies);
  printLatency(query, latency);

  const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
  console.log(`\nTargets (set for SQLite on this 2-core machine; this run: ${engine}):`);
  console.log(`  pipeline ≥ ${targets.ingestRatio * 100}% of raw insert: ${(ingest.ratio * 100).toFixed(0)}% ${verdict(ingest.ratio >= targets.ingestRatio)}`);
  console.log(`  list p99 < ${targets.listP99Ms} ms: ${latency.list.p99.toFixed(1)} ms ${verdict(latency.list.p99 < targets.listP99Ms)} (worst kind "${latency.worstList.name}": ${latency.worstList.p99.toFixed(1)} ms)`);
  console.log(`  search p99 < ${targets.searchP99Ms} ms: ${latency.search.p99.toFixed(1)} ms ${verdict(latency.search.p99 < targets.searchP99Ms)} (worst kind "${latency.worstSearch.name}": ${latency.worstSearch.p99.toFixed(1)} ms)`);
  if (webhooks !== undefined) {
    console.log(`  webhook → WebSocket p99 < ${targets.webhookToWsP99Ms} ms at ${webhookLoad.steadyRate}/s: ${webhooks.webhookToWsP99Ms.toFixed(1)} ms ${verdict(webhooks.webhookToWsP99Ms < targets.webhookToWsP99Ms && webhooks.steadyMissing === 0)}${webhooks.steadyMissing === 0 ? '' : ` (${webhooks.steadyMissing} never arrived)`}`);
  }
  console.log(`  whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({
    ingest_events_per_s: round(ingest.eventsPerSecond, 0),
    raw_insert_rows_per_s: round(ingest.rawRowsPerSecond, 0),
    ingest_ratio: round(ingest.ratio, 3),
    list_p99_ms: round(latency.list.p99),
    search_p99_ms: round(latency.search.p99),
    list_p50_ms: round(latency.list.p50),
    search_p50_ms: round(latency.search.p50),
    list_worst_kind_p99_ms: round(latency.worstList.p99),
    search_worst_kind_p99_ms: round(latency.worstSearch.p99),
    raw_insert_events_per_s: round(ingest.rawEventsPerSecond, 0),
    ingest_ratio_median_of_rounds: round(ingest.medianRatio, 3),
    ingest_ratio_by_cpu: round(ingest.cpuRatio, 3),
    ingest_events_per_s_without_triage: ingest.withoutEnrichment === undefined ? null : round(ingest.withoutEnrichment.eventsPerSecond, 0),
    ingest_ratio_without_triage: ingest.withoutEnrichment === undefined ? null : round(ingest.withoutEnrichment.ratio, 3),
    http_events_per_s: http === undefined ? null : round(http.eventsPerSecond, 0),
    http_ratio: http === undefined ? null : round(http.ratio, 3),
    webhooks_per_s: webhooks === undefined ? null : round(webhooks.webhooksPerSecond, 0),
    ack_p99_ms: webhooks === undefined ? null : round(webhooks.ackP99Ms),
    webhook_to_ws_p99_ms: webhooks === undefined ? null : round(webhooks.webhookToWsP99Ms),
    webhook_to_ws_p50_ms: webhooks === undefined ? null : round(webhooks.webhookToWsP50Ms),
    engine, mode: quick ? 'quick' : 'full', ingest_events: plan.ingestEvents, ingest_rounds: plan.rounds.length,
    query_messages: plan.query.messages, query_conversations: plan.query.conversations, load_average_start: round(os.loadavg()[0] ?? 0),
  }));
}

/** The same events through the HTTP API of a server process; compared with the raw insert of the rows they become. */
async function httpSection(events: readonly InboundEventInput[], factory: TargetFactory, ingest: IngestSummary): Promise<{ eventsPerSecond: number; ratio: number }> {
  const target = await factory.create('http');
  const run = await runHttpIngest(events, httpLoad, target);
  await target.drop();
  const eventsPerSecond = run.events / run.seconds;
  const ratio = eventsPerSecond / ingest.rawEventsPerSecond;
  printTable(`HTTP POST /api/v1/workspaces/:ws/inbound (rapport start child process, triage on, ${httpLoad.eventsPerRequest} events a request, ${httpLoad.connections} connections)`, [
    ['events', 'seconds', 'events/s', 'vs raw insert of the same rows', 'outcomes'],
    [run.events, run.seconds, eventsPerSecond, `${(ratio * 100).toFixed(0)}%`, JSON.stringify(run.outcomes)],
  ]);
  return { eventsPerSecond, ratio };
}

/** Signed WhatsApp webhooks into a server process: throughput and time to acknowledge, then webhook → live socket at a steady rate. */
async function webhookSection(factory: TargetFactory): Promise<WebhookResult> {
  const target = await factory.create('webhooks');
  const result = await runWebhookBench(target, webhookLoad);
  await target.drop();
  printTable(`Signed webhooks: POST /webhooks/whatsapp/:account (X-Hub-Signature-256 checked) from autocannon on 127.0.0.1, ${webhookLoad.connections} connections, to a rapport start child process`, [
    ['phase', 'webhooks', 'per second', 'ack p50 ms', 'ack p99 ms', '→ socket p50 ms', '→ socket p99 ms', 'errors / missing'],
    ['as fast as acknowledged', webhookLoad.burstWebhooks, result.webhooksPerSecond, result.ackP50Ms, result.ackP99Ms, '', '', result.burstErrors],
    [`steady ${webhookLoad.steadyRate}/s, live socket open`, result.steadySent, webhookLoad.steadyRate, '', result.steadyAckP99Ms, result.webhookToWsP50Ms, result.webhookToWsP99Ms, result.steadyMissing],
  ]);
  return result;
}
