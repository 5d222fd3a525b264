import { percentile, type KindLatency } from './query-latency.js';
import type { runQuerySection } from './query-section.js';
import { printTable } from './report.js';

/** The 50th and 99th percentile of a set of latencies, in ms. */
export interface Percentiles {
  p50: number;
  p99: number;
}

/** Pooled percentiles of all list and all search samples, and the worst kind of each. */
export function summariseLatency(latencies: readonly KindLatency[]): { list: Percentiles; search: Percentiles; worstList: KindLatency & Percentiles; worstSearch: KindLatency & Percentiles } {
  const pooled = (group: 'list' | 'search') => latencies.filter((kind) => kind.group === group).flatMap((kind) => kind.samples);
  const worst = (group: 'list' | 'search') => latencies.filter((kind) => kind.group === group)
    .map((kind) => ({ ...kind, p50: percentile(kind.samples, 50), p99: percentile(kind.samples, 99) }))
    .reduce((a, b) => (b.p99 > a.p99 ? b : a));
  return {
    list: { p50: percentile(pooled('list'), 50), p99: percentile(pooled('list'), 99) },
    search: { p50: percentile(pooled('search'), 50), p99: percentile(pooled('search'), 99) },
    worstList: worst('list'),
    worstSearch: worst('search'),
  };
}

/** Prints the generated inbox and a line per kind of query. */
export function printLatency(query: Awaited<ReturnType<typeof runQuerySection>>, summary: ReturnType<typeof summariseLatency>): void {
  const { counts } = query.facts;
  console.log(`\nGenerated inbox: ${counts.messages} messages in ${counts.conversations} conversations, ${counts.contacts} contacts, ${counts.tags} tags, in ${query.generateSeconds.toFixed(0)} s (raw multi-row INSERTs, ANALYZE, PRAGMA optimize)`);
  printTable('listConversations latency, ms (page of 50, through the repository the API uses)', [
    ['query', 'samples', 'p50', 'p99', 'max', 'rows/page'],
    ...query.latencies.map((kind) => [kind.name, kind.samples.length, percentile(kind.samples, 50), percentile(kind.samples, 99), Math.max(...kind.samples), kind.rowsPerPage]),
    ['all list queries', query.latencies.filter((k) => k.group === 'list').reduce((n, k) => n + k.samples.length, 0), summary.list.p50, summary.list.p99, '', ''],
    ['all search queries', query.latencies.filter((k) => k.group === 'search').reduce((n, k) => n + k.samples.length, 0), summary.search.p50, summary.search.p99, '', ''],
  ]);
}
