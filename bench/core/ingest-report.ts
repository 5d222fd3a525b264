import type { IngestRound } from './ingest-section.js';
import { median, printTable } from './report.js';

/** The ingest figures of a run. */
export interface IngestSummary {
  eventsPerSecond: number;
  rawRowsPerSecond: number;
  rawEventsPerSecond: number;
  ratio: number;
  medianRatio: number;
  cpuRatio: number;
  withoutEnrichment?: { eventsPerSecond: number; ratio: number } | undefined;
}

/**
 * Best of the rounds on each side (the least disturbed run of a shared machine). The ratio compares the time to ingest the
 * events with the time to insert the rows they became: pipeline events/s ÷ (events ÷ raw seconds).
 */
export function summariseIngest(all: readonly IngestRound[]): IngestSummary {
  const rounds = all.filter((r) => r.enriched);
  const bestPipeline = Math.min(...rounds.map((r) => r.pipelineSeconds));
  const bestRaw = Math.min(...rounds.map((r) => r.rawSeconds));
  const first = rounds[0] as IngestRound;
  const plain = all.find((r) => !r.enriched);
  return {
    eventsPerSecond: first.events / bestPipeline,
    rawRowsPerSecond: first.rows / bestRaw,
    rawEventsPerSecond: first.events / bestRaw,
    ratio: bestRaw / bestPipeline,
    medianRatio: median(rounds.map((r) => r.rawSeconds / r.pipelineSeconds)),
    cpuRatio: median(rounds.map((r) => r.rawCpuSeconds / r.pipelineCpuSeconds)),
    withoutEnrichment: plain === undefined ? undefined : { eventsPerSecond: plain.events / plain.pipelineSeconds, ratio: plain.rawSeconds / plain.pipelineSeconds },
  };
}

/** Prints one line per round and the best of the rounds. */
export function printIngest(rounds: readonly IngestRound[], summary: IngestSummary): void {
  const first = rounds[0] as IngestRound;
  const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
  printTable('Ingest through runtime.ingest.accept vs raw multi-row INSERTs of the same rows (fresh database each)', [
    ['round', 'triage', 'events', 'pipeline s', 'cpu s', 'events/s', 'events/batch', 'raw s', 'raw cpu s', 'rows', 'raw rows/s', 'pipeline/raw', 'by cpu'],
    ...rounds.map((r, index) => [`${index + 1}`, r.enriched ? 'on' : 'off', r.events, r.pipelineSeconds, r.pipelineCpuSeconds, r.events / r.pipelineSeconds, r.events / Math.max(1, r.batches),
      r.rawSeconds, r.rawCpuSeconds, r.rows, r.rows / r.rawSeconds, percent(r.rawSeconds / r.pipelineSeconds), percent(r.rawCpuSeconds / r.pipelineCpuSeconds)]),
    ['best (triage on)', 'on', first.events, first.events / summary.eventsPerSecond, '', summary.eventsPerSecond, '', first.events / summary.rawEventsPerSecond, '', first.rows, summary.rawRowsPerSecond, percent(summary.ratio), percent(summary.cpuRatio)],
  ]);
  console.log(`  rows per round: ${Object.entries(first.rowsByTable).map(([table, count]) => `${table} ${count}`).join(', ')}; outcomes ${JSON.stringify(first.outcomes)}`);
  console.log(`  raw insert = ${Math.round(summary.rawEventsPerSecond)} events/s equivalent; pipeline/raw = time to insert the rows raw ÷ time to ingest the events (best of each side); "by cpu" = the same with this process's CPU time (median; on PostgreSQL the server does most of the work, so only wall time compares)`);
}
