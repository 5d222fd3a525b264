import { priorities } from '../../../common/enums.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import { conversationTriageOf } from '../triage/conversation-triage.js';
import { scoreVirality, viralityPriority, viralityThresholds, type StoredVirality } from '../triage/virality.js';
import type { BatchState } from './ingest-batch.js';
import { withField } from './ingest-value.js';

const hourMs = 3_600_000;
/** Growth of a thread younger than this is measured over this long, so a first few replies in a minute are not a rate of hundreds an hour. */
const shortestWindowMs = hourMs / 2;
/** A stored message counts half: the conversation's count includes the brand's replies and repeat authors, which batch messages exclude. */
const storedWeight = 0.5;

type Enrichable = BatchState['enrichable'][number];

/** What ingest knew of a conversation before the batch: its message count and first and last customer message times. */
export type StoredThread = Pick<ConversationRow, 'message_count' | 'first_inbound_at' | 'last_inbound_at'>;

/**
 * How many of a conversation's stored messages fell in the hour before `at`, estimated without a query: its messages
 * are taken as spread evenly between its first and last customer message. Weighted (see storedWeight).
 */
export function storedRecentMessages(stored: StoredThread | undefined, at: number): number {
  if (stored === undefined || stored.first_inbound_at === null || stored.last_inbound_at === null) return 0;
  const first = Number(stored.first_inbound_at);
  const last = Number(stored.last_inbound_at);
  const count = Number(stored.message_count);
  if (count === 0 || last <= at - hourMs || first > at) return 0;
  const span = last - first;
  const share = span <= 0 ? 1 : (Math.min(last, at) - Math.max(first, at - hourMs)) / span;
  return Math.max(1, Math.round(count * share)) * storedWeight;
}

/** A thread's growth in customer messages per hour: those of the last hour, over that hour or the thread's age if younger. */
export function growthPerHour(recentMessages: number, ageMs: number): number {
  const windowMs = Math.min(hourMs, Math.max(shortestWindowMs, ageMs));
  return Math.round((recentMessages / (windowMs / hourMs)) * 10) / 10;
}

/**
 * Scores the virality of the batch's new public customer messages once enrichment is applied, from their platform
 * counters and how fast their thread gains customer messages: the batch's own (distinct other authors in the hour
 * before each, spam left out) plus an estimate of the stored ones. Records it under `metadata.virality` and raises the
 * conversation of a viral message (never of spam). Reads only what the batch holds. Returns the conversations raised.
 */
export function applyVirality(state: BatchState): ConversationRow[] {
  const raised: ConversationRow[] = [];
  for (const thread of publicThreads(state).values()) {
    const conversation = (thread[0] as Enrichable).conversation;
    const stored = state.conversationsBefore.get(conversation.id);
    const authors = new Map<string, number>();
    let oldest = 0;
    for (const item of thread) {
      const at = Number(item.message.sent_at);
      const author = item.message.author_contact_id ?? item.message.id;
      const spam = state.enrichments[item.index]?.spam === true;
      if (!spam) authors.set(author, (authors.get(author) ?? 0) + 1);
      for (; Number((thread[oldest] as Enrichable).message.sent_at) <= at - hourMs; oldest++) forget(authors, thread[oldest] as Enrichable, state);
      if (state.enrichments[item.index]?.metadata === undefined) continue;
      const recent = authors.size - (authors.has(author) ? 1 : 0) + storedRecentMessages(stored, at);
      const perHour = growthPerHour(recent, at - Number(conversation.first_inbound_at ?? at));
      const virality: StoredVirality = { score: scoreVirality(item.event.metrics, perHour), recentMessages: Math.round(recent), perHour };
      const level = spam ? undefined : viralityPriority(virality.score, virality.score >= viralityThresholds.urgent && negative(item.message.metadata));
      if (level !== undefined) Object.assign(virality, { raisedTo: level, ...item.event.metrics });
      item.message.metadata = item.known.metadata = withField(item.message.metadata, 'virality', virality);
      const priority = level === undefined ? -1 : priorities.indexOf(level);
      if (priority > conversation.priority) {
        conversation.priority = priority;
        raised.push(conversation);
      }
    }
  }
  return raised;
}

/** The batch's new public customer messages by conversation, oldest first. */
function publicThreads(state: BatchState): Map<string, Enrichable[]> {
  const threads = new Map<string, Enrichable[]>();
  for (const item of state.enrichable) {
    if (item.message.visibility !== 'public') continue;
    const thread = threads.get(item.conversation.id);
    if (thread === undefined) threads.set(item.conversation.id, [item]);
    else thread.push(item);
  }
  for (const thread of threads.values()) thread.sort((a, b) => Number(a.message.sent_at) - Number(b.message.sent_at));
  return threads;
}

function forget(authors: Map<string, number>, item: Enrichable, state: BatchState): void {
  if (state.enrichments[item.index]?.spam === true) return;
  const author = item.message.author_contact_id ?? item.message.id;
  const left = (authors.get(author) ?? 1) - 1;
  if (left === 0) authors.delete(author);
  else authors.set(author, left);
}

function negative(metadata: string): boolean {
  return conversationTriageOf(metadata)?.sentimentLabel === 'negative';
}
