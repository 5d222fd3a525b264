import { conversationStatuses, platforms, priorities, sentimentLabels, type ConversationStatus, type Platform, type Priority, type SentimentLabel } from '../../../../common/enums.js';
import { careIntents } from '../../../../common/triage.js';
import type { Conversation, ConversationSummary } from '../../api/types';

export const inboxViews = ['mine', 'unassigned', 'all', 'queue'] as const;
/** A predefined slice of the inbox. */
export type InboxView = (typeof inboxViews)[number];

export const inboxSorts = ['priority', 'waiting', 'newest'] as const;
/** The orders the inbox offers. */
export type InboxSort = (typeof inboxSorts)[number];

/** What the inbox shows: a view narrowed by filters and a search, in an order. */
export interface InboxFilter {
  view: InboxView;
  queueId: string | null;
  status: ConversationStatus[];
  channel: Platform[];
  assigneeId: string | null;
  tag: string | null;
  priority: Priority[];
  /** Sentiment of each conversation's newest customer message: any of these (none: any sentiment). */
  sentiment: SentimentLabel[];
  /** Intent triage decided for each conversation's newest customer message: any of these (none: any intent). */
  intent: string[];
  q: string | null;
  sort: InboxSort;
}

/** How each sentiment reads in a filter. */
export const sentimentNames: Record<SentimentLabel, string> = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' };

/** Longest intent label the filter keeps from an address (the server takes up to 100 characters). */
const intentChars = 100;

const defaultStatuses: ConversationStatus[] = ['open', 'pending'];

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? '').split(',').filter((item): item is T => (allowed as readonly string[]).includes(item));
}

/** Intent labels of an address: any label a workspace's model may have, so only trimmed, bounded and without repeats. */
function intentsOf(value: string | null): string[] {
  return [...new Set((value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '' && item.length <= intentChars))];
}

/** The filter an address's query string describes (the inbox keeps its state in the URL). */
export function filterFromSearch(search: URLSearchParams): InboxFilter {
  const view = inboxViews.find((candidate) => candidate === search.get('view')) ?? 'all';
  const status = search.has('status') ? listOf(search.get('status'), conversationStatuses) : defaultStatuses;
  return {
    view,
    queueId: view === 'queue' ? search.get('queue') : null,
    status,
    channel: listOf(search.get('channel'), platforms),
    assigneeId: search.get('assignee'),
    tag: search.get('tag'),
    priority: listOf(search.get('priority'), priorities),
    sentiment: listOf(search.get('sentiment'), sentimentLabels),
    intent: intentsOf(search.get('intent')),
    q: search.get('q'),
    sort: inboxSorts.find((candidate) => candidate === search.get('sort')) ?? 'priority',
  };
}

/** The query string of a filter; defaults are left out so addresses stay short. */
export function searchFromFilter(filter: InboxFilter): string {
  const params = new URLSearchParams();
  if (filter.view !== 'all') params.set('view', filter.view);
  if (filter.view === 'queue' && filter.queueId !== null) params.set('queue', filter.queueId);
  if (filter.status.join(',') !== defaultStatuses.join(',')) params.set('status', filter.status.join(','));
  if (filter.channel.length > 0) params.set('channel', filter.channel.join(','));
  if (filter.assigneeId !== null && filter.view === 'all') params.set('assignee', filter.assigneeId);
  if (filter.tag !== null && filter.tag !== '') params.set('tag', filter.tag);
  if (filter.priority.length > 0) params.set('priority', filter.priority.join(','));
  if (filter.sentiment.length > 0) params.set('sentiment', filter.sentiment.join(','));
  if (filter.intent.length > 0) params.set('intent', filter.intent.join(','));
  if (filter.q !== null && filter.q !== '') params.set('q', filter.q);
  if (filter.sort !== 'priority') params.set('sort', filter.sort);
  return params.toString();
}

/** The API query of a filter. */
export function apiQueryOf(filter: InboxFilter): Record<string, string | undefined> {
  const assignee = filter.view === 'mine' ? 'me' : filter.view === 'unassigned' ? 'none' : filter.assigneeId ?? undefined;
  return {
    status: filter.status.length > 0 ? filter.status.join(',') : undefined,
    channel: filter.channel.length > 0 ? filter.channel.join(',') : undefined,
    queueId: filter.view === 'queue' ? filter.queueId ?? undefined : undefined,
    assigneeId: assignee,
    tag: filter.tag ?? undefined,
    priority: filter.priority.length > 0 ? filter.priority.join(',') : undefined,
    ...triageQueryOf(filter),
    q: filter.q ?? undefined,
    sort: filter.sort,
  };
}

/** The API query of a filter's triage filters (the list and the counts both take them). */
export function triageQueryOf(filter: InboxFilter): { sentiment: string | undefined; intent: string | undefined } {
  return {
    sentiment: filter.sentiment.length > 0 ? filter.sentiment.join(',') : undefined,
    intent: filter.intent.length > 0 ? filter.intent.join(',') : undefined,
  };
}

/**
 * Whether a conversation belongs in a filtered list; used to place live changes without refetching. Its triage is the
 * row's summary (the newest customer message's), which the server's triage filters match too.
 */
export function matchesFilter(conversation: Conversation & { triage?: ConversationSummary['triage'] }, filter: InboxFilter, viewerId: string | null): boolean {
  if (filter.status.length > 0 && !filter.status.includes(conversation.status)) return false;
  if (filter.channel.length > 0 && !filter.channel.includes(conversation.channel)) return false;
  if (filter.priority.length > 0 && !filter.priority.includes(conversation.priority)) return false;
  const triage = conversation.triage ?? null;
  if (filter.sentiment.length > 0 && (triage === null || !filter.sentiment.includes(triage.sentiment))) return false;
  if (filter.intent.length > 0 && (triage?.intent == null || !filter.intent.includes(triage.intent))) return false;
  if (filter.tag !== null && filter.tag !== '' && !conversation.tags.includes(filter.tag.toLowerCase())) return false;
  if (filter.view === 'mine' && conversation.assigneeId !== viewerId) return false;
  if (filter.view === 'unassigned' && conversation.assigneeId !== null) return false;
  if (filter.view === 'queue' && conversation.queueId !== filter.queueId) return false;
  if (filter.view === 'all' && filter.assigneeId !== null && conversation.assigneeId !== filter.assigneeId) return false;
  if (filter.sort === 'waiting' && conversation.waitingSince === null) return false;
  return true;
}

/** The server's order of a sort, so live rows land where a reload would put them. */
export function compareConversations(sort: InboxSort): (a: Conversation, b: Conversation) => number {
  const byNewest = (a: Conversation, b: Conversation) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);
  switch (sort) {
    case 'newest':
      return byNewest;
    case 'priority':
      return (a, b) => priorities.indexOf(b.priority) - priorities.indexOf(a.priority) || byNewest(a, b);
    case 'waiting':
      return (a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? '') || a.id.localeCompare(b.id);
  }
}

/** The intents the inbox offers as filters: the shipped model's, those seen on loaded conversations and those selected, A to Z. */
export function intentChoices(seen: Iterable<string | null | undefined>, selected: readonly string[]): string[] {
  const all = new Set<string>([...careIntents, ...selected]);
  for (const intent of seen) if (intent !== null && intent !== undefined && intent !== '') all.add(intent);
  return [...all].sort((a, b) => a.localeCompare(b));
}
