import type { InboundAuthor, InboundCallEvent, InboundEvent, InboundMessageEvent } from '../../../common/inbound.js';
import type { ChannelAccountRow, ContactIdentityRow, ConversationRow, MessageRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import type { BatchState, EventOutcome } from './ingest-batch.js';
import { accountOf, customerOf } from './ingest-batch.js';
import { applyCall } from './ingest-calls.js';
import { identityKey, messageKey, type KnownMessage } from './ingest-lookups.js';
import { decideThread } from './threading.js';

/** What enrichment (triage) adds to an inbound message: stored on the message, and a floor for the conversation's priority. */
export interface Enrichment {
  /** Fields added to the message's metadata, as the text of a JSON object (`{"triage":{…}}`), serialised once where enrichment ran. */
  metadata?: string;
  /** 0 = low … 3 = urgent; the conversation's priority is raised to at least this. */
  priority?: number;
  /** Replaces the event's text in what is stored, searched and shown (e.g. with personal data masked). */
  text?: string;
  /** Judged spam: nothing raises its priority (not even the customer's value). */
  spam?: boolean;
}

/**
 * Computes enrichment (triage) of a receipt's inbound messages before the batch they join is written, so it can run on
 * other threads while earlier batches are written. Must not reject: a message it cannot enrich gets `undefined`.
 */
export interface Enricher {
  /** One result per event, in order. */
  enrich(workspaceId: string, events: readonly InboundMessageEvent[]): Promise<Array<Enrichment | undefined>>;
  /** Does a share of the queued work in the calling thread, which would otherwise wait for it; false when nothing is queued. */
  assist?(): boolean;
}

const normalPriority = 1;

/** How a new message moves its conversation's clocks; by default a customer's message starts the wait and the brand's answers it. */
export interface MessageEffect {
  /** The customer reached out: the conversation (re)opens and waits, unless the same message also answers it. */
  fromCustomer: boolean;
  /** The brand answered: a first response, and the wait stops. */
  answers: boolean;
}

/** What a caller of applyMessage adds (a call: its own effect, and its details on the row). */
export interface MessageOptions {
  effect?: MessageEffect;
  /** Completes the new message row before it is counted and stored. */
  complete?: (message: MessageRow) => void;
}

type Threadable = { event: InboundMessageEvent; index: number; at: number } | { event: InboundCallEvent; index: number; at: number };

/** Threads every message and call event of the batch, oldest first, creating contacts and conversations as needed. */
export function applyMessageEvents(state: BatchState, events: readonly InboundEvent[], outcomes: EventOutcome[]): void {
  const order: Threadable[] = [];
  events.forEach((event, index) => {
    if (event.kind === 'message') order.push({ event, index, at: event.sentAt });
    else if (event.kind === 'call') order.push({ event, index, at: event.startedAt });
  });
  order.sort((a, b) => a.at - b.at || a.index - b.index);
  for (const item of order) outcomes[item.index] = item.event.kind === 'call' ? applyCall(state, item.event, item.index) : applyMessage(state, item.event, item.index);
}

/** Threads one new message (a duplicate of a known one changes nothing). */
export function applyMessage(state: BatchState, event: InboundMessageEvent, index: number, options: MessageOptions = {}): EventOutcome {
  const account = accountOf(state, event);
  if (account === undefined) return { status: 'ignored', reason: `unknown ${event.channel} account "${event.account}"` };
  const key = messageKey(account.id, event.platformMessageId);
  const known = state.known.get(key);
  if (known !== undefined) return { status: 'duplicate', conversationId: known.conversation_id, messageId: known.id };
  const customer = customerOf(event);
  const ancestorConversationId = findAncestor(state, account.id, event);
  if (customer === undefined && ancestorConversationId === undefined) {
    return { status: 'ignored', reason: 'an outbound message needs a recipient or a known parent to be threaded' };
  }
  const identity = customer === undefined ? undefined : upsertIdentity(state, account.platform, customer);
  const conversation = threadInto(state, account, event, ancestorConversationId, identity);
  const message = buildMessage(state, account, event, conversation.id, event.direction === 'inbound' ? identity?.contact_id ?? null : null);
  message.receipt_id = state.receiptIds[index] ?? null;
  options.complete?.(message);
  applyToConversation(state, conversation, message, options.effect ?? { fromCustomer: event.direction === 'inbound', answers: event.direction === 'outbound' });
  state.newMessages.push(message);
  const stored: KnownMessage = { id: message.id, conversation_id: conversation.id, direction: message.direction, delivery_status: message.delivery_status, visibility: message.visibility, text: message.text, metadata: message.metadata };
  state.known.set(key, stored);
  if (event.direction === 'inbound') state.enrichable.push({ index, event, message, conversation, known: stored });
  return { status: 'created', conversationId: conversation.id, messageId: message.id };
}

/**
 * Applies enrichment to the batch's new inbound messages once it is ready: the stored text (masked) and metadata, and
 * each conversation's priority floor. Returns the conversations whose priority rose.
 */
export function applyEnrichment(state: BatchState): ConversationRow[] {
  const raised = new Map<string, ConversationRow>();
  for (const { index, event, message, conversation, known } of state.enrichable) {
    const enrichment = state.enrichments[index];
    if (enrichment === undefined) continue;
    if (enrichment.text !== undefined) message.text = known.text = enrichment.text;
    if (enrichment.metadata !== undefined) message.metadata = known.metadata = joinJsonObjects(enrichment.metadata, platformFactsOf(event));
    if (enrichment.priority !== undefined && enrichment.priority > conversation.priority) {
      conversation.priority = enrichment.priority;
      raised.set(conversation.id, conversation);
    }
  }
  return [...raised.values()];
}

function findAncestor(state: BatchState, accountId: string, event: InboundMessageEvent): string | undefined {
  const refs = [event.parentPlatformId, ...[...(event.threadRefs ?? [])].reverse()];
  for (const ref of refs) {
    if (ref === undefined) continue;
    const found = state.known.get(messageKey(accountId, ref));
    if (found !== undefined) return found.conversation_id;
  }
  return undefined;
}

function upsertIdentity(state: BatchState, platform: string, person: InboundAuthor): ContactIdentityRow {
  const key = identityKey(platform, person.platformUserId);
  const now = state.settings.now;
  const existing = state.identities.get(key);
  if (existing !== undefined) {
    const updated = refreshIdentity(existing, person, now);
    if (updated !== existing) {
      state.identities.set(key, updated);
      if (!state.newIdentities.includes(existing)) state.changedIdentities.set(updated.id, updated);
      else state.newIdentities[state.newIdentities.indexOf(existing)] = updated;
    }
    return updated;
  }
  const contactId = newId();
  state.newContacts.push({
    id: contactId, workspace_id: state.workspaceId, display_name: person.displayName ?? person.handle ?? null,
    email: person.email ?? null, phone: person.phone ?? null, custom_fields: '{}', merged_into_id: null, created_at: now, updated_at: now,
  });
  const identity: ContactIdentityRow = {
    id: newId(), workspace_id: state.workspaceId, contact_id: contactId, platform, platform_user_id: person.platformUserId,
    handle: person.handle ?? null, display_name: person.displayName ?? null, followers: person.followers ?? null,
    verified: person.verified === true ? 1 : 0, created_at: now, updated_at: now,
  };
  state.newIdentities.push(identity);
  state.identities.set(key, identity);
  return identity;
}

/** Returns the identity with the platform's newest profile facts, or the same object when nothing changed. */
function refreshIdentity(row: ContactIdentityRow, person: InboundAuthor, now: number): ContactIdentityRow {
  const handle = person.handle ?? row.handle;
  const displayName = person.displayName ?? row.display_name;
  const followers = person.followers ?? row.followers;
  const verified = person.verified === undefined ? row.verified : person.verified ? 1 : 0;
  if (handle === row.handle && displayName === row.display_name && followers === row.followers && verified === Number(row.verified)) return row;
  return { ...row, handle, display_name: displayName, followers, verified, updated_at: now };
}

function threadInto(state: BatchState, account: ChannelAccountRow, event: InboundMessageEvent, ancestorConversationId: string | undefined, identity: ContactIdentityRow | undefined): ConversationRow {
  const latestKey = identity === undefined ? undefined : `${identity.contact_id}:${account.id}`;
  const latest = latestKey === undefined ? undefined : state.latestPrivate.get(latestKey);
  const decision = decideThread(event, { ancestorConversationId, latestPrivateConversation: latest, reopenWindowMs: state.settings.reopenWindowMs });
  if (decision.kind !== 'new') {
    const found = state.conversations.get(decision.conversationId);
    if (found !== undefined) return found;
  }
  const now = state.settings.now;
  const row: ConversationRow = {
    id: newId(), workspace_id: state.workspaceId, account_id: account.id, contact_id: identity?.contact_id ?? '', platform: account.platform,
    visibility: event.visibility, subject: event.subject ?? null, status: 'open', priority: normalPriority, queue_id: null, assignee_id: null,
    first_inbound_at: null, first_response_at: null, resolved_at: null, snoozed_until: null, last_message_at: event.sentAt, last_inbound_at: null,
    waiting_since: null, message_count: 0, created_at: now, updated_at: now,
    // Set from the batch's enrichment once it is ready (conversation-triage.ts).
    sentiment_label: null, sentiment_score: null, intent_label: null, intent_confidence: null, has_personal_data: 0,
  };
  state.conversations.set(row.id, row);
  state.newConversationIds.add(row.id);
  if (latestKey !== undefined && event.visibility === 'private') state.latestPrivate.set(latestKey, row);
  return row;
}

/** What the platform says about a message beyond its text, kept in its metadata. */
function platformFactsOf(event: InboundMessageEvent): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (event.metrics !== undefined) facts.metrics = event.metrics;
  if (event.subject !== undefined) facts.subject = event.subject;
  return facts;
}

function buildMessage(state: BatchState, account: ChannelAccountRow, event: InboundMessageEvent, conversationId: string, authorContactId: string | null): MessageRow {
  return {
    id: newId(), workspace_id: state.workspaceId, conversation_id: conversationId, account_id: account.id, platform: account.platform,
    direction: event.direction, visibility: event.visibility, platform_message_id: event.platformMessageId, parent_platform_id: event.parentPlatformId ?? null,
    thread_refs: event.threadRefs === undefined ? null : JSON.stringify(event.threadRefs), text: event.text, attachments: JSON.stringify(event.attachments),
    author_contact_id: authorContactId, author_user_id: null, sent_at: event.sentAt, received_at: state.settings.now,
    delivery_status: event.direction === 'inbound' ? 'received' : 'sent', delivery_error: null, edited_at: null, deleted_by_author_at: null,
    receipt_id: null, client_key: null, metadata: JSON.stringify(platformFactsOf(event)),
  };
}

/** One JSON object text with the fields of `first` (a JSON object text) followed by those of `then`. */
function joinJsonObjects(first: string, then: Record<string, unknown>): string {
  const second = JSON.stringify(then);
  if (first === '{}') return second;
  return second === '{}' ? first : `${first.slice(0, -1)},${second.slice(1)}`;
}

/** Moves a conversation's clocks and status for a new message: a customer's message reopens and starts the wait, the brand's answers it. */
function applyToConversation(state: BatchState, row: ConversationRow, message: MessageRow, effect: MessageEffect): void {
  keepBefore(state, row);
  const at = message.sent_at;
  row.message_count = Number(row.message_count) + 1;
  row.last_message_at = Math.max(Number(row.last_message_at), at);
  row.updated_at = state.settings.now;
  if (effect.fromCustomer) {
    row.last_inbound_at = Math.max(Number(row.last_inbound_at ?? 0), at);
    row.first_inbound_at ??= at;
    row.waiting_since ??= at;
    if (row.status !== 'open') {
      if (!state.newConversationIds.has(row.id)) state.transitions.push({ type: 'conversation.reopened', conversationId: row.id });
      row.status = 'open';
      row.resolved_at = null;
      row.snoozed_until = null;
    }
  }
  if (effect.answers) answer(row, at);
  state.touchedConversationIds.add(row.id);
}

/** Keeps the stored state of an existing conversation before the batch first changes it, so only what changed is written. */
function keepBefore(state: BatchState, row: ConversationRow): void {
  if (!state.newConversationIds.has(row.id) && !state.conversationsBefore.has(row.id)) state.conversationsBefore.set(row.id, { ...row });
}

function answer(row: ConversationRow, at: number): void {
  if (row.first_inbound_at !== null && row.first_response_at === null && at >= row.first_inbound_at) row.first_response_at = at;
  row.waiting_since = null;
}

/**
 * The brand answered a conversation at `at` after the fact (a call corrected to answered): its first response, and the
 * wait stops unless the customer has written since.
 */
export function markAnswered(state: BatchState, row: ConversationRow, at: number): void {
  const firstResponse = row.first_inbound_at !== null && row.first_response_at === null && at >= Number(row.first_inbound_at);
  const endsWait = row.waiting_since !== null && Number(row.waiting_since) <= at;
  if (!firstResponse && !endsWait) return;
  keepBefore(state, row);
  if (firstResponse) row.first_response_at = at;
  if (endsWait) row.waiting_since = null;
  row.updated_at = state.settings.now;
  state.touchedConversationIds.add(row.id);
}
