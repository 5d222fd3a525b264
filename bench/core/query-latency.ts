import { listConversations } from '../../server/features/conversations/conversation.repo.js';
import { listConversationsQuery } from '../../server/features/conversations/conversation.schemas.js';
import type { Executor } from '../../server/app-context.js';
import { searchWords } from './care-text.js';
import type { QueryDbFacts } from './query-database.js';

/** One kind of question an agent's screen asks, with a parameter that varies between samples. */
export interface QueryKind {
  name: string;
  group: 'list' | 'search';
  /** The query string of the n-th sample, as the HTTP route would receive it. */
  query(sample: number): Record<string, string>;
  /** Ask for the page after the first one (the timed request is the second page). */
  nextPage?: boolean;
}

/** Latencies of one kind, in milliseconds. */
export interface KindLatency {
  name: string;
  group: 'list' | 'search';
  samples: number[];
  rowsPerPage: number;
}

const cycle = <T>(items: readonly T[], sample: number): T => items[sample % items.length] as T;

/** The list and search questions the benchmark asks: an agent's inbox views, filters, next pages, and text search. */
export function queryKinds(facts: QueryDbFacts): QueryKind[] {
  const { agentIds, queueIds, tags, intents } = facts;
  const search = (name: string, words: readonly string[], extra: Record<string, string> = {}): QueryKind => ({ name, group: 'search', query: (n) => ({ q: cycle(words, n), ...extra }) });
  return [
    { name: 'all, newest', group: 'list', query: () => ({}) },
    { name: 'status=open, newest', group: 'list', query: () => ({ status: 'open' }) },
    { name: 'status=open,pending, waiting', group: 'list', query: () => ({ status: 'open,pending', sort: 'waiting' }) },
    { name: 'status=open, priority', group: 'list', query: () => ({ status: 'open', sort: 'priority' }) },
    { name: 'status=resolved, newest', group: 'list', query: () => ({ status: 'resolved' }) },
    { name: 'channel=x,facebook + open', group: 'list', query: () => ({ channel: 'x,facebook', status: 'open' }) },
    { name: 'queue + open', group: 'list', query: (n) => ({ queueId: cycle(queueIds, n), status: 'open' }) },
    { name: 'queue, newest', group: 'list', query: (n) => ({ queueId: cycle(queueIds, n) }) },
    { name: 'assignee + open,pending', group: 'list', query: (n) => ({ assigneeId: cycle(agentIds, n), status: 'open,pending' }) },
    { name: 'unassigned + open', group: 'list', query: () => ({ assigneeId: 'none', status: 'open' }) },
    { name: 'tag (common…rare)', group: 'list', query: (n) => ({ tag: cycle(tags, n) }) },
    { name: 'tag + open', group: 'list', query: (n) => ({ tag: cycle(tags.slice(0, 5), n), status: 'open' }) },
    { name: 'sentiment=negative, newest', group: 'list', query: () => ({ sentiment: 'negative' }) },
    { name: 'sentiment=negative + open, priority', group: 'list', query: () => ({ sentiment: 'negative', status: 'open', sort: 'priority' }) },
    { name: 'sentiment=negative,neutral + open,pending, waiting', group: 'list', query: () => ({ sentiment: 'negative,neutral', status: 'open,pending', sort: 'waiting' }) },
    { name: 'intent (common…rare)', group: 'list', query: (n) => ({ intent: cycle(intents, n) }) },
    { name: 'intent + sentiment=negative + open', group: 'list', query: (n) => ({ intent: cycle(intents, n), sentiment: 'negative', status: 'open' }) },
    { name: 'personalData=true + open', group: 'list', query: () => ({ personalData: 'true', status: 'open' }) },
    { name: 'all, newest, page 2', group: 'list', query: () => ({}), nextPage: true },
    { name: 'queue, newest, page 2', group: 'list', query: (n) => ({ queueId: cycle(queueIds, n) }), nextPage: true },
    { name: 'open, priority, page 2', group: 'list', query: () => ({ status: 'open', sort: 'priority' }), nextPage: true },
    { name: 'sentiment=negative, newest, page 2', group: 'list', query: () => ({ sentiment: 'negative' }), nextPage: true },
    search('q: common word', searchWords.common),
    search('q: mid-frequency word', searchWords.mid),
    search('q: rare word', searchWords.rare),
    search('q: two words', searchWords.twoWords.map((words) => words.join(' '))),
    search('q: word prefix', searchWords.prefixes),
    search('q + status=open', searchWords.mid, { status: 'open' }),
  ];
}

/** Times `samples` runs of each kind through the repository function the API uses (after warm-up runs). */
export async function measureQueryLatency(db: Executor, facts: QueryDbFacts, samples: { list: number; search: number }): Promise<KindLatency[]> {
  const results: KindLatency[] = [];
  const kinds = queryKinds(facts);
  for (const kind of kinds) await runKind(db, facts, kind, 0, 3);
  for (const kind of kinds) {
    const count = kind.group === 'list' ? samples.list : samples.search;
    results.push({ name: kind.name, group: kind.group, ...(await runKind(db, facts, kind, 0, count)) });
  }
  return results;
}

async function runKind(db: Executor, facts: QueryDbFacts, kind: QueryKind, first: number, count: number): Promise<{ samples: number[]; rowsPerPage: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let n = first; n < first + count; n += 1) {
    const filter = { ...listConversationsQuery.parse(kind.query(n)), viewerId: facts.agentIds[0] ?? null };
    let cursor: string | undefined;
    if (kind.nextPage === true) cursor = (await listConversations(db, facts.workspaceId, filter)).nextCursor ?? undefined;
    const started = performance.now();
    const page = await listConversations(db, facts.workspaceId, cursor === undefined ? filter : { ...filter, cursor });
    times.push(performance.now() - started);
    rows += page.rows.length;
  }
  return { samples: times, rowsPerPage: count === 0 ? 0 : rows / count };
}

/** The p-th percentile (0…100) of a list of numbers, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
