import type { InboundAuthor, InboundCallEvent, InboundEvent, InboundMessageEvent } from '../../../common/inbound.js';
import type { Executor } from '../../app-context.js';
import { insertRows } from '../../infra/db/bulk-insert.js';
import type { CallRow, ChannelAccountRow, ContactIdentityRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { callDetailsOf, callText, orderedCallDetails as ordered, presentCallDetails, type CallDetails } from '../calls/call-details.js';
import type { BatchState, EventOutcome } from './ingest-batch.js';
import { accountOf } from './ingest-batch.js';
import { chunks, identityKey, messageKey, type KnownMessage } from './ingest-lookups.js';
import { applyMessage, markAnswered, type MessageEffect } from './ingest-messages.js';

/** What one batch does with its calls, written after its messages. */
export interface CallBatch {
  /** The workspace members the batch's calls name as agent: by user id and by lower-cased email. */
  agents: Map<string, string>;
  /** Calls recorded in this batch, by message id. */
  newCalls: Map<string, CallRow>;
  /** Corrections of calls recorded before this batch, by message id. */
  changes: Map<string, Partial<CallRow>>;
  /** One audit entry per call recorded or corrected, with the receipt it came in (whose source names who sent it). */
  audit: Array<{ action: 'call.recorded' | 'call.corrected'; messageId: string; receiptId: string | undefined; before?: unknown; after: unknown }>;
}

/** Source of a receipt of the calls API: names who recorded the calls, for the audit log (`calls:token:01H…`). */
export function callReceiptSource(actor: Pick<Actor, 'type' | 'id'>): string {
  return `calls:${actor.type}:${actor.id ?? ''}`;
}

function actorOfSource(source: string | undefined): Pick<Actor, 'type' | 'id'> {
  const [prefix, type, id] = (source ?? '').split(':');
  if (prefix === 'calls' && (type === 'user' || type === 'token') && id !== undefined && id !== '') return { type, id };
  return { type: 'system', id: null };
}

/** The identities a caller may already be known by, best first: the number on the phone, a given email, the number on WhatsApp. */
export function callerIdentityKeys(event: InboundCallEvent): Array<{ platform: string; platformUserId: string }> {
  const keys = [{ platform: 'phone', platformUserId: event.callerNumber }];
  if (event.contact?.email !== undefined) keys.push({ platform: 'email', platformUserId: event.contact.email });
  // A WhatsApp user id is the number without its plus.
  keys.push({ platform: 'whatsapp', platformUserId: event.callerNumber.slice(1) });
  return keys;
}

/** The members of a workspace named by these user ids or email addresses: user id by id and by lower-cased email. */
export async function resolveAgents(db: Executor, workspaceId: string, refs: readonly string[]): Promise<Map<string, string>> {
  const agents = new Map<string, string>();
  const keys = [...new Set(refs.flatMap((ref) => [ref, ref.toLowerCase()]))];
  for (const part of chunks(keys)) {
    const members = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email'])
      .where('memberships.workspace_id', '=', workspaceId).where((eb) => eb.or([eb('users.id', 'in', part), eb('users.email', 'in', part)])).execute();
    for (const member of members) {
      agents.set(member.id, member.id);
      agents.set(member.email.toLowerCase(), member.id);
    }
  }
  return agents;
}

/** Reads what the batch's calls need beyond messages: the agents they name. Undefined when the batch has no call. */
export async function loadCallBatch(trx: Executor, workspaceId: string, events: readonly InboundEvent[]): Promise<CallBatch | undefined> {
  const calls = events.filter((event): event is InboundCallEvent => event.kind === 'call');
  if (calls.length === 0) return undefined;
  const agents = await resolveAgents(trx, workspaceId, calls.flatMap((call) => (call.agent === undefined ? [] : [call.agent])));
  return { agents, newCalls: new Map(), changes: new Map(), audit: [] };
}

/** The agent a call names, when that is a member of the workspace. */
export function agentOf(agents: ReadonlyMap<string, string>, ref: string | undefined): string | null {
  if (ref === undefined) return null;
  return agents.get(ref) ?? agents.get(ref.toLowerCase()) ?? null;
}

/** The call details of an event, in a fixed key order so that two versions compare as text. */
function detailsOf(event: InboundCallEvent, agents: ReadonlyMap<string, string>): CallDetails {
  return {
    direction: event.direction, callerNumber: event.callerNumber, agentId: agentOf(agents, event.agent), startedAt: event.startedAt,
    durationSeconds: event.durationSeconds, disposition: event.disposition, notes: event.notes === undefined || event.notes.trim() === '' ? null : event.notes,
    recordingUrl: event.recordingUrl ?? null,
  };
}

function sameDetails(a: CallDetails, b: CallDetails): boolean {
  return JSON.stringify(ordered(a)) === JSON.stringify(ordered(b));
}

/**
 * Who spoke to whom decides what a call does to its conversation: an inbound call is the customer reaching out (the
 * conversation opens and waits) and, answered, also the agent's response; an outbound call answers the customer when it
 * reached them (answered) or left them a message (voicemail), and otherwise is only logged.
 */
export function callEffect(details: Pick<CallDetails, 'direction' | 'disposition'>): MessageEffect {
  if (details.direction === 'inbound') return { fromCustomer: true, answers: details.disposition === 'answered' };
  return { fromCustomer: false, answers: details.disposition === 'answered' || details.disposition === 'voicemail' };
}

/** Threads a call like a direct message on its phone account, or corrects the call recorded under the same id. */
export function applyCall(state: BatchState, event: InboundCallEvent, index: number): EventOutcome {
  const account = accountOf(state, event);
  if (account === undefined) return { status: 'ignored', reason: `unknown phone account "${event.account}"` };
  const calls = state.calls;
  if (calls === undefined) throw new Error('a batch with calls was loaded without them');
  const details = detailsOf(event, calls.agents);
  const known = state.known.get(messageKey(account.id, event.platformMessageId));
  if (known !== undefined) return correctCall(state, calls, details, known, index);
  joinKnownCaller(state, event);
  let messageId = '';
  const outcome = applyMessage(state, asMessage(event, account, details), index, {
    effect: callEffect(details),
    complete: (message) => {
      messageId = message.id;
      message.metadata = JSON.stringify({ call: ordered(details) });
      if (details.direction === 'outbound') message.author_user_id = details.agentId;
    },
  });
  const conversation = outcome.conversationId === undefined ? undefined : state.conversations.get(outcome.conversationId);
  if (outcome.status !== 'created' || conversation === undefined) return outcome;
  const now = state.settings.now;
  calls.newCalls.set(messageId, {
    message_id: messageId, workspace_id: state.workspaceId, account_id: account.id, call_id: event.platformMessageId, conversation_id: conversation.id,
    contact_id: conversation.contact_id, ...callColumns(details), created_at: now, updated_at: now,
  });
  calls.audit.push({ action: 'call.recorded', messageId, receiptId: state.receiptIds[index], after: auditView(event.platformMessageId, account.id, conversation.id, details) });
  return outcome;
}

function callColumns(details: CallDetails): Pick<CallRow, 'direction' | 'caller_number' | 'agent_user_id' | 'started_at' | 'duration_seconds' | 'disposition' | 'notes' | 'recording_url'> {
  return {
    direction: details.direction, caller_number: details.callerNumber, agent_user_id: details.agentId, started_at: details.startedAt,
    duration_seconds: details.durationSeconds, disposition: details.disposition, notes: details.notes, recording_url: details.recordingUrl,
  };
}

function auditView(callId: string, accountId: string, conversationId: string, details: CallDetails): Record<string, unknown> {
  return { callId, accountId, conversationId, ...presentCallDetails(details) };
}

/**
 * A caller the phone account has never seen, but whose email (given with the call) or number on WhatsApp is known, is that
 * customer: their number is added to the same contact, so the call joins the customer's history instead of a new profile.
 */
function joinKnownCaller(state: BatchState, event: InboundCallEvent): void {
  const [phone, ...others] = callerIdentityKeys(event);
  if (phone === undefined || state.identities.has(identityKey(phone.platform, phone.platformUserId))) return;
  const known = others.map((key) => state.identities.get(identityKey(key.platform, key.platformUserId))).find((identity) => identity !== undefined);
  if (known === undefined) return;
  const now = state.settings.now;
  const identity: ContactIdentityRow = {
    id: newId(), workspace_id: state.workspaceId, contact_id: known.contact_id, platform: 'phone', platform_user_id: event.callerNumber,
    handle: event.callerNumber, display_name: event.contact?.name ?? null, followers: null, verified: 0, created_at: now, updated_at: now,
  };
  state.newIdentities.push(identity);
  state.identities.set(identityKey('phone', event.callerNumber), identity);
}

/** The call as a private message on its account: the customer is its author (inbound) or recipient (outbound). */
function asMessage(event: InboundCallEvent, account: ChannelAccountRow, details: CallDetails): InboundMessageEvent {
  const customer: InboundAuthor = {
    platformUserId: event.callerNumber, handle: event.callerNumber, phone: event.callerNumber,
    ...(event.contact?.name === undefined ? {} : { displayName: event.contact.name }),
    ...(event.contact?.email === undefined ? {} : { email: event.contact.email }),
  };
  const brand: InboundAuthor = { platformUserId: `brand-${account.handle}`, handle: account.handle };
  return {
    kind: 'message', channel: event.channel, account: event.account, platformMessageId: event.platformMessageId, visibility: 'private',
    direction: event.direction, author: event.direction === 'inbound' ? customer : brand, ...(event.direction === 'outbound' ? { recipient: customer } : {}),
    text: callText(details), attachments: [], sentAt: event.startedAt,
  };
}

/**
 * The same call again: nothing changes when it is the same, otherwise the new version replaces what was recorded (the
 * caller and direction stay: they decided whose call it is). A call now answered counts as the response it was.
 */
function correctCall(state: BatchState, calls: CallBatch, next: CallDetails, known: KnownMessage, index: number): EventOutcome {
  const same = { status: 'duplicate' as const, conversationId: known.conversation_id, messageId: known.id };
  const before = callDetailsOf(known.metadata);
  if (before === undefined) return { status: 'ignored', reason: 'a message that is not a call already has this id on the account' };
  const after: CallDetails = { ...next, direction: before.direction, callerNumber: before.callerNumber };
  if (sameDetails(before, after)) return same;
  const now = state.settings.now;
  const metadata = JSON.stringify({ ...(JSON.parse(known.metadata) as Record<string, unknown>), call: ordered(after) });
  const text = callText(after);
  const change = state.messageChanges.get(known.id) ?? { id: known.id, conversation_id: known.conversation_id };
  Object.assign(change, { text, metadata, sent_at: after.startedAt, ...(after.direction === 'outbound' ? { author_user_id: after.agentId } : {}) });
  state.messageChanges.set(known.id, change);
  known.text = text;
  known.metadata = metadata;
  const recorded = calls.newCalls.get(known.id);
  if (recorded !== undefined) Object.assign(recorded, callColumns(after), { updated_at: now });
  else calls.changes.set(known.id, { ...callColumns(after), updated_at: now });
  if (!callEffect(before).answers && callEffect(after).answers) {
    const conversation = state.conversations.get(known.conversation_id);
    if (conversation !== undefined) markAnswered(state, conversation, after.startedAt);
  }
  calls.audit.push({ action: 'call.corrected', messageId: known.id, receiptId: state.receiptIds[index], before: presentCallDetails(before), after: presentCallDetails(after) });
  return { status: 'updated', conversationId: known.conversation_id, messageId: known.id };
}

/** Writes the batch's calls and corrections, and one audit entry per call, by whoever sent it. */
export async function writeCalls(trx: Executor, state: BatchState, calls: CallBatch): Promise<void> {
  await insertRows(trx, 'calls', [...calls.newCalls.values()]);
  for (const [messageId, patch] of calls.changes) await trx.updateTable('calls').set(patch).where('message_id', '=', messageId).execute();
  if (calls.audit.length === 0) return;
  const receiptIds = [...new Set(calls.audit.flatMap((entry) => (entry.receiptId === undefined ? [] : [entry.receiptId])))];
  const sources = new Map<string, string>();
  for (const part of chunks(receiptIds)) {
    for (const row of await trx.selectFrom('receipts').select(['id', 'source']).where('id', 'in', part).execute()) sources.set(row.id, row.source);
  }
  for (const entry of calls.audit) {
    await recordAudit(trx, {
      actor: actorOfSource(entry.receiptId === undefined ? undefined : sources.get(entry.receiptId)), workspaceId: state.workspaceId,
      action: entry.action, objectType: 'call', objectId: entry.messageId, ...(entry.before === undefined ? {} : { before: entry.before }), after: entry.after, at: state.settings.now,
    });
  }
}
