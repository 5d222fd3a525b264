import type { InboundAuthor, InboundEvent, InboundMessageEvent } from '../../../common/inbound.js';
import type { Emit, Executor } from '../../app-context.js';
import type { ChannelAccountRow, ContactIdentityRow, ContactRow, ConversationRow, MessageRow } from '../../infra/db/schema.js';
import { presentConversation, presentMessage, presentMessageChange } from '../conversations/conversation.presenter.js';
import { identityKey, loadAccounts, loadConversations, loadIdentities, loadKnownMessages, loadTags, resolveAccount, type KnownMessage } from './ingest-lookups.js';
import { applyEnrichment, applyMessageEvents, type Enrichment } from './ingest-messages.js';
import type { MessageChange } from './ingest-updates.js';
import { applyUpdateEvents } from './ingest-updates.js';
import { enrichEdits, type EditEnricher } from './ingest-edits.js';
import { applyCustomerValue, loadCustomerValues, type CustomerValueRule } from './ingest-value.js';
import { applyVirality } from './ingest-virality.js';
import { joinsByContact } from './threading.js';
import { writeMessages, writeThreads } from './ingest-writes.js';
import { callerIdentityKeys, loadCallBatch, writeCalls, type CallBatch } from './ingest-calls.js';
import { claimPendingStatuses, deferStatuses, type DeferredStatus } from './pending-statuses.js';

/** What became of one inbound event. */
export interface EventOutcome {
  /** `deferred`: a delivery status for a message not known yet, kept until it is. */
  status: 'created' | 'duplicate' | 'updated' | 'ignored' | 'deferred';
  conversationId?: string;
  messageId?: string;
  reason?: string;
}

/** Settings of one ingest pass. */
export interface IngestSettings {
  now: number;
  reopenWindowMs: number;
  /** Whether anyone receives domain events of this type: events nobody receives are not presented at all. */
  audience: (type: string) => boolean;
  /** The workspace's customer-value rule, when it has one: messages from valuable customers are raised in priority. */
  customerValue?: CustomerValueRule | undefined;
}

/** The events of one batch, with the receipt each came in and its enrichment, by index. */
export interface BatchEvents {
  events: readonly InboundEvent[];
  receiptIds: readonly string[];
  /** Awaited once the batch's reads are done: enrichment computed elsewhere may still be finishing when the batch starts. */
  enrichments: () => Promise<ReadonlyArray<Enrichment | undefined>>;
  /** Enriches the new text of edited inbound messages as a new message's (absent: edits are stored as they come). */
  enrichEdits?: EditEnricher | undefined;
}

/** Everything one batch reads, creates and changes, kept in memory until the single write at the end. */
export interface BatchState {
  workspaceId: string;
  settings: IngestSettings;
  /** The receipt each event came in, by event index. */
  receiptIds: readonly string[];
  /** What enrichment added to each inbound message, by event index. */
  enrichments: ReadonlyArray<Enrichment | undefined>;
  accounts: Map<string, ChannelAccountRow>;
  known: Map<string, KnownMessage>;
  identities: Map<string, ContactIdentityRow>;
  conversations: Map<string, ConversationRow>;
  latestPrivate: Map<string, ConversationRow>;
  newContacts: ContactRow[];
  newIdentities: ContactIdentityRow[];
  changedIdentities: Map<string, ContactIdentityRow>;
  newConversationIds: Set<string>;
  touchedConversationIds: Set<string>;
  /** Stored state of each existing conversation the batch changes, so only what changed is written. */
  conversationsBefore: Map<string, ConversationRow>;
  newMessages: MessageRow[];
  /** The batch's new inbound messages, with what enrichment changes once it is ready. */
  enrichable: Array<{ index: number; event: InboundMessageEvent; message: MessageRow; conversation: ConversationRow; known: KnownMessage }>;
  messageChanges: Map<string, MessageChange>;
  /** What enrichment made of each edit's new text, by event index. */
  editEnrichments: Map<number, Enrichment>;
  /** Status events seen per conversation (`conversation.reopened`, …). */
  transitions: Array<{ type: string; conversationId: string }>;
  /** Delivery statuses of messages not known yet, kept until they are. */
  deferredStatuses: DeferredStatus[];
  /** The batch's phone calls, when it has any. */
  calls?: CallBatch | undefined;
}

/** Resolves an event's channel account by id or handle. */
export function accountOf(state: BatchState, event: Pick<InboundEvent, 'channel' | 'account'>): ChannelAccountRow | undefined {
  return resolveAccount(state.accounts, event);
}

/** The customer a message event is about: its author, or the recipient of the brand's own message. */
export function customerOf(event: InboundMessageEvent): InboundAuthor | undefined {
  return event.direction === 'inbound' ? event.author : event.recipient;
}

/**
 * Ingests a batch of events of one workspace inside the caller's transaction: dedupe, contacts, threading,
 * conversation state, enrichment, then bulk writes. Reads are batched so the cost per event stays close to a plain insert.
 */
export async function ingestBatch(trx: Executor, workspaceId: string, batch: BatchEvents, settings: IngestSettings, emit: Emit): Promise<EventOutcome[]> {
  const { events } = batch;
  const state = await loadState(trx, workspaceId, events, settings);
  state.receiptIds = batch.receiptIds;
  const outcomes: EventOutcome[] = new Array<EventOutcome>(events.length);
  applyMessageEvents(state, events, outcomes);
  const rule = settings.customerValue;
  const values = rule === undefined ? undefined : await loadCustomerValues(trx, state, rule);
  state.enrichments = await batch.enrichments();
  applyEnrichment(state);
  applyVirality(state);
  if (rule !== undefined && values !== undefined) applyCustomerValue(state, rule, values);
  state.editEnrichments = await enrichEdits(state, events, batch.enrichEdits);
  applyUpdateEvents(state, events, outcomes);
  await claimPendingStatuses(trx, state.newMessages);
  // Every row is written once, in its final state: conversations with the priority and triage enrichment gave them.
  await writeThreads(trx, state);
  await writeMessages(trx, state);
  if (state.calls !== undefined) await writeCalls(trx, state, state.calls);
  await deferStatuses(trx, state.deferredStatuses, settings.now);
  await emitChanges(trx, state, emit);
  return outcomes;
}

async function loadState(trx: Executor, workspaceId: string, events: readonly InboundEvent[], settings: IngestSettings): Promise<BatchState> {
  const accounts = await loadAccounts(trx, workspaceId);
  const state: BatchState = {
    workspaceId, settings, receiptIds: [], enrichments: [], accounts, known: new Map(), identities: new Map(), conversations: new Map(), latestPrivate: new Map(),
    newContacts: [], newIdentities: [], changedIdentities: new Map(), newConversationIds: new Set(), touchedConversationIds: new Set(), conversationsBefore: new Map(),
    newMessages: [], enrichable: [], messageChanges: new Map(), editEnrichments: new Map(), transitions: [], deferredStatuses: [],
  };
  const messageKeys: Array<{ accountId: string; platformMessageId: string }> = [];
  const people: Array<{ platform: string; platformUserId: string }> = [];
  /** Customers whose direct message may join their open conversation: only theirs are looked up by contact. */
  const messaging = new Set<string>();
  for (const event of events) {
    const account = accountOf(state, event);
    if (account === undefined) continue;
    messageKeys.push({ accountId: account.id, platformMessageId: event.platformMessageId });
    if (event.kind === 'call') {
      // A caller may be known by their number, a given email or WhatsApp; their open call conversation is found by contact.
      for (const key of callerIdentityKeys(event)) {
        people.push(key);
        messaging.add(identityKey(key.platform, key.platformUserId));
      }
      continue;
    }
    if (event.kind !== 'message') continue;
    for (const ref of [event.parentPlatformId, ...(event.threadRefs ?? [])]) if (ref !== undefined) messageKeys.push({ accountId: account.id, platformMessageId: ref });
    const customer = customerOf(event);
    if (customer === undefined) continue;
    people.push({ platform: account.platform, platformUserId: customer.platformUserId });
    if (joinsByContact(event)) messaging.add(identityKey(account.platform, customer.platformUserId));
  }
  state.known = await loadKnownMessages(trx, messageKeys);
  state.identities = await loadIdentities(trx, workspaceId, people);
  const ancestorConversations = [...state.known.values()].map((message) => message.conversation_id);
  const contactIds = [...messaging].flatMap((key) => state.identities.get(key)?.contact_id ?? []);
  const loaded = await loadConversations(trx, workspaceId, ancestorConversations, contactIds);
  state.conversations = loaded.byId;
  state.latestPrivate = loaded.latestPrivate;
  state.calls = await loadCallBatch(trx, workspaceId, events);
  return state;
}

async function emitChanges(trx: Executor, state: BatchState, emit: Emit): Promise<void> {
  const { workspaceId, settings } = state;
  const created = settings.audience('conversation.created');
  const updated = settings.audience('conversation.updated');
  if (created || updated) {
    const existing = [...state.touchedConversationIds].filter((id) => !state.newConversationIds.has(id));
    const tags = updated && existing.length > 0 ? await loadTags(trx, existing) : new Map<string, string[]>();
    for (const id of state.touchedConversationIds) {
      const row = state.conversations.get(id);
      const isNew = state.newConversationIds.has(id);
      if (row === undefined || !(isNew ? created : updated)) continue;
      emit({ type: isNew ? 'conversation.created' : 'conversation.updated', workspaceId, data: { conversation: presentConversation(row, tags.get(id) ?? []) } });
    }
  }
  for (const transition of state.transitions) {
    if (settings.audience(transition.type)) emit({ type: transition.type, workspaceId, data: { conversationId: transition.conversationId } });
  }
  const received = settings.audience('message.received');
  const echoed = settings.audience('message.echoed');
  for (const message of received || echoed ? state.newMessages : []) {
    const inbound = message.direction === 'inbound';
    if (inbound ? received : echoed) emit({ type: inbound ? 'message.received' : 'message.echoed', workspaceId, data: { message: presentMessage(message) } });
  }
  if (!settings.audience('message.updated')) return;
  for (const change of state.messageChanges.values()) emit({ type: 'message.updated', workspaceId, data: { message: presentMessageChange(change) } });
}
