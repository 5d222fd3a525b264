import { monotonicFactory } from 'ulid';
import { conversationStatuses } from '../../common/enums.js';
import { seededRandom } from '../../common/seeded-random.js';
import { careTextWriter, pick, zipfSampler } from './care-text.js';
import { benchAccounts } from './ingest-events.js';
import type { RowSink } from './row-sinks.js';

/** How big the generated inbox is. */
export interface QueryDbSize {
  conversations: number;
  messages: number;
}

/** What the latency benchmark needs to know about the generated data to ask realistic questions. */
export interface QueryDbFacts {
  workspaceId: string;
  agentIds: string[];
  queueIds: string[];
  /** Tags, most used first. */
  tags: string[];
  /** Intents triage decided on conversations, most common first. */
  intents: string[];
  counts: { contacts: number; conversations: number; messages: number; tags: number };
}

const day = 86_400_000;
/** "Now" of the generated history: a year of conversations ends here. */
export const historyEnd = Date.UTC(2026, 10, 20);
const tagNames = ['refund', 'delivery', 'billing', 'complaint', 'vip', 'bug', 'login', 'cancellation', 'feedback', 'fraud', 'press', 'legal', 'accessibility', 'escalated', 'influencer'];
const priorityShares = [0.15, 0.8, 0.95, 1];
/** Care intents, most common first (as the shipped intent model names them). */
const intentNames = ['question', 'complaint', 'delivery_or_delay', 'refund', 'card_or_payment', 'account_access', 'praise', 'lead', 'spam', 'job_application', 'legal_threat', 'safety'];
/** Shares of negative, neutral (the rest positive) among customers' newest messages. */
const sentimentShares = [0.45, 0.85];

interface ConversationPlan {
  id: string;
  accountIndex: number;
  contactIndex: number;
  visibility: 'public' | 'private';
  firstAt: number;
  messageTimes: number[];
}

/**
 * Fills a migrated database (workspace and accounts already there) with a year of one brand's customer care: contacts,
 * identities, conversations with status / priority / queue / assignee / tags, and messages in time order, through plain
 * multi-row INSERTs (not the pipeline); the sink then refreshes the planner's statistics. Returns the facts queries need.
 */
export async function generateQueryDatabase(sink: RowSink, workspaceId: string, accountIds: readonly string[], size: QueryDbSize, seed = 11): Promise<QueryDbFacts> {
  const random = seededRandom(seed);
  try {
    const { agentIds, queueIds } = await insertTeam(sink, workspaceId, random);
    const contactsPerAccount = Math.max(10, Math.round((size.conversations * 0.6) / accountIds.length));
    await insertContacts(sink, workspaceId, accountIds.length, contactsPerAccount, random);
    const plans = planConversations(size, accountIds.length, contactsPerAccount, random);
    // Triage draws from a stream of its own, so the rest of the data is the same as without it.
    const tagCount = await insertConversations(sink, workspaceId, accountIds, plans, { agentIds, queueIds }, random, seededRandom(seed + 1));
    await insertMessages(sink, workspaceId, accountIds, plans, size.messages, random);
    await sink.finish();
    return {
      workspaceId, agentIds, queueIds, tags: tagNames, intents: intentNames,
      counts: { contacts: contactsPerAccount * accountIds.length, conversations: plans.length, messages: size.messages, tags: tagCount },
    };
  } finally {
    await sink.close();
  }
}

async function insertTeam(sink: RowSink, workspaceId: string, random: () => number): Promise<{ agentIds: string[]; queueIds: string[] }> {
  const nextId = monotonicFactory(random);
  const created = historyEnd - 400 * day;
  const agents = Array.from({ length: 30 }, (_, index) => ({ id: nextId(created).toLowerCase(), email: `agent${index}@bench.example`, name: `Agent ${index}`, password_hash: null, created_at: created, disabled_at: null }));
  await sink.insert('users', agents);
  await sink.insert('memberships', agents.map((agent) => ({ workspace_id: workspaceId, user_id: agent.id, role: 'agent', created_at: created })));
  const queues = ['general', 'billing', 'delivery', 'vip', 'social', 'escalations'].map((slug) => ({ id: nextId(created).toLowerCase(), workspace_id: workspaceId, slug, name: slug, created_at: created }));
  await sink.insert('queues', queues);
  return { agentIds: agents.map((agent) => agent.id), queueIds: queues.map((queue) => queue.id) };
}

function contactId(accountIndex: number, index: number): string {
  return `bench-contact-${accountIndex}-${index}`;
}

async function insertContacts(sink: RowSink, workspaceId: string, accounts: number, perAccount: number, random: () => number): Promise<void> {
  const created = historyEnd - 400 * day;
  for (let account = 0; account < accounts; account += 1) {
    const platform = (benchAccounts[account % benchAccounts.length] as (typeof benchAccounts)[number]).channel;
    const contacts = [];
    const identities = [];
    for (let index = 0; index < perAccount; index += 1) {
      const id = contactId(account, index);
      contacts.push({ id, workspace_id: workspaceId, display_name: `Customer ${account}-${index}`, email: null, phone: null, custom_fields: '{}', merged_into_id: null, created_at: created, updated_at: created });
      identities.push({
        id: `${id}-identity`, workspace_id: workspaceId, contact_id: id, platform, platform_user_id: `u${account}-${index}`, handle: `customer_${account}_${index}`,
        display_name: `Customer ${account}-${index}`, followers: Math.floor(random() * random() * 50_000), verified: random() < 0.01 ? 1 : 0, created_at: created, updated_at: created,
      });
    }
    await sink.insert('contacts', contacts);
    await sink.insert('contact_identities', identities);
  }
}

/** Conversations spread over a year, each with 1…60 messages (geometric, mean messages/conversations), oldest first. */
function planConversations(size: QueryDbSize, accounts: number, contactsPerAccount: number, random: () => number): ConversationPlan[] {
  const nextId = monotonicFactory(random);
  const contactOf = zipfSampler(contactsPerAccount, 1, random, 50);
  const starts = Array.from({ length: size.conversations }, () => historyEnd - Math.floor(random() * 365 * day)).sort((a, b) => a - b);
  const mean = size.messages / size.conversations;
  const counts = starts.map(() => Math.min(60, 1 + Math.floor(-Math.log(1 - random()) * (mean - 1))));
  // Nudge random conversations until the total is exactly the requested number of messages.
  let total = counts.reduce((sum, count) => sum + count, 0);
  while (total !== size.messages) {
    const index = Math.floor(random() * counts.length);
    const count = counts[index] as number;
    if (total < size.messages && count < 60) counts[index] = count + 1;
    else if (total > size.messages && count > 1) counts[index] = count - 1;
    else continue;
    total += total < size.messages ? 1 : -1;
  }
  return starts.map((firstAt, index) => {
    const times: number[] = [];
    let at = firstAt;
    for (let i = 0; i < (counts[index] as number); i += 1) {
      times.push(Math.min(at, historyEnd));
      at += Math.floor(random() * random() * 6 * 3_600_000) + 60_000;
    }
    const accountIndex = Math.floor(random() * accounts);
    const channel = (benchAccounts[accountIndex % benchAccounts.length] as (typeof benchAccounts)[number]).channel;
    const visibility = (channel === 'x' || channel === 'facebook') && random() < 0.6 ? 'public' : 'private';
    return { id: nextId(firstAt).toLowerCase(), accountIndex, contactIndex: contactOf(), visibility, firstAt, messageTimes: times };
  });
}

/** The triage columns of a conversation: sentiment and intent of its newest customer message (a fifth of intents undecided), rarely personal data. */
function conversationTriage(intentOf: () => number, random: () => number): Record<string, unknown> {
  const roll = random();
  const sentiment = roll < (sentimentShares[0] as number) ? 'negative' : roll < (sentimentShares[1] as number) ? 'neutral' : 'positive';
  const score = Math.round((sentiment === 'negative' ? -0.3 - random() * 0.7 : sentiment === 'positive' ? 0.3 + random() * 0.7 : random() * 0.4 - 0.2) * 1000) / 1000;
  const decided = random() < 0.8;
  const intent = intentNames[intentOf()] as string;
  return {
    sentiment_label: sentiment, sentiment_score: score, intent_label: decided ? intent : null,
    intent_confidence: decided ? Math.round((0.45 + random() * 0.55) * 1000) / 1000 : null, has_personal_data: random() < 0.02 ? 1 : 0,
  };
}

async function insertConversations(sink: RowSink, workspaceId: string, accountIds: readonly string[], plans: readonly ConversationPlan[], team: { agentIds: string[]; queueIds: string[] }, random: () => number, triageRandom: () => number): Promise<number> {
  const tagOf = zipfSampler(tagNames.length, 1.1, random);
  const intentOf = zipfSampler(intentNames.length, 1, triageRandom);
  const rows: Array<Record<string, unknown>> = [];
  const tags: Array<Record<string, unknown>> = [];
  for (const plan of plans) {
    const lastAt = plan.messageTimes.at(-1) as number;
    const recent = historyEnd - lastAt < 7 * day;
    // Old conversations are nearly all resolved; the last week's are the live inbox.
    const status = recent ? pick(['open', 'open', 'open', 'pending', 'pending', 'snoozed', 'resolved', 'resolved', 'resolved', 'resolved'], random) : random() < 0.97 ? 'resolved' : pick(conversationStatuses, random);
    const lastInbound = plan.messageTimes.length % 2 === 1;
    const roll = random();
    const priority = priorityShares.findIndex((share) => roll < share);
    const assigned = status === 'resolved' ? random() < 0.9 : random() < 0.5;
    const firstResponse = plan.messageTimes[1] ?? null;
    rows.push({
      id: plan.id, workspace_id: workspaceId, account_id: accountIds[plan.accountIndex], contact_id: contactId(plan.accountIndex, plan.contactIndex),
      platform: (benchAccounts[plan.accountIndex % benchAccounts.length] as (typeof benchAccounts)[number]).channel, visibility: plan.visibility,
      subject: null, status, priority: Math.max(0, priority), queue_id: random() < 0.75 ? pick(team.queueIds, random) : null,
      assignee_id: assigned ? pick(team.agentIds, random) : null, first_inbound_at: plan.firstAt, first_response_at: firstResponse,
      resolved_at: status === 'resolved' ? lastAt + 3_600_000 : null, snoozed_until: status === 'snoozed' ? historyEnd + day : null,
      last_message_at: lastAt, last_inbound_at: lastInbound ? lastAt : (plan.messageTimes.at(-2) ?? plan.firstAt),
      waiting_since: status !== 'resolved' && lastInbound ? lastAt : null, message_count: plan.messageTimes.length, created_at: plan.firstAt, updated_at: lastAt,
      ...conversationTriage(intentOf, triageRandom),
    });
    if (random() < 0.5) {
      const own = new Set(Array.from({ length: 1 + Math.floor(random() * random() * 3) }, () => tagNames[tagOf()] as string));
      for (const tag of own) tags.push({ workspace_id: workspaceId, conversation_id: plan.id, tag });
    }
  }
  await sink.insert('conversations', rows);
  await sink.insert('conversation_tags', tags);
  return tags.length;
}

/** Messages go in in the order they were sent, as ingest would have stored them, so rowid order is time order. */
async function insertMessages(sink: RowSink, workspaceId: string, accountIds: readonly string[], plans: readonly ConversationPlan[], total: number, random: () => number): Promise<void> {
  const conversationOf = new Uint32Array(total);
  const positionOf = new Uint16Array(total);
  const sentAt = new Float64Array(total);
  let next = 0;
  plans.forEach((plan, index) => {
    plan.messageTimes.forEach((time, position) => {
      conversationOf[next] = index;
      positionOf[next] = position;
      sentAt[next] = time;
      next += 1;
    });
  });
  const order = new Uint32Array(total).map((_, index) => index).sort((a, b) => (sentAt[a] as number) - (sentAt[b] as number));
  const text = careTextWriter(random);
  const nextId = monotonicFactory(random);
  const chunk: Array<Record<string, unknown>> = [];
  for (let i = 0; i < total; i += 1) {
    const index = order[i] as number;
    const plan = plans[conversationOf[index] as number] as ConversationPlan;
    const at = sentAt[index] as number;
    const inbound = (positionOf[index] as number) % 2 === 0;
    chunk.push({
      id: nextId(at).toLowerCase(), workspace_id: workspaceId, conversation_id: plan.id, account_id: accountIds[plan.accountIndex],
      platform: (benchAccounts[plan.accountIndex % benchAccounts.length] as (typeof benchAccounts)[number]).channel, direction: inbound ? 'inbound' : 'outbound',
      visibility: plan.visibility, platform_message_id: `pm-${i}`, parent_platform_id: null, thread_refs: null, text: text(), attachments: '[]',
      author_contact_id: inbound ? contactId(plan.accountIndex, plan.contactIndex) : null, author_user_id: null, sent_at: at, received_at: at + 1_000,
      delivery_status: inbound ? 'received' : 'delivered', delivery_error: null, edited_at: null, deleted_by_author_at: null, receipt_id: null, client_key: null, metadata: '{}',
    });
    if (chunk.length === 20_000 || i === total - 1) {
      await sink.insert('messages', chunk);
      chunk.length = 0;
    }
  }
}
