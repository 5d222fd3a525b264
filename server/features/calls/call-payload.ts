import { inboundEvent, type InboundCallEvent, type InboundEvent, type InboundEventInput } from '../../../common/inbound.js';
import type { Executor } from '../../app-context.js';
import type { FieldProblem } from '../../http/app-error.js';
import { batchItems, rejectProblems, validateItems } from '../../http/batch-body.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import { resolveAgents } from '../ingest/ingest-calls.js';
import { chunks, resolveAccount } from '../ingest/ingest-lookups.js';
import { callRecordBody, type CallRecord } from './call.schemas.js';

/** The calls of one request, validated, with where each sits in it (`body`, `body.calls.3`). */
export interface ParsedCalls {
  records: CallRecord[];
  paths: string[];
}

/** Reads the calls API body, one call or `{ "calls": [...] }`; any invalid call rejects the request, naming each field at fault. */
export function parseCallsBody(body: unknown): ParsedCalls {
  const { raw, pathOf } = batchItems(body, 'calls', { one: 'call', many: 'calls' });
  return { records: validateItems(callRecordBody, raw, pathOf), paths: raw.map((_item, index) => pathOf(index)) };
}

/**
 * Checks the calls against the workspace: each on one of its phone accounts, once per request, with an agent who is a
 * member; and a correction keeps the caller and direction it was recorded with. Returns each call's account.
 */
export async function checkCalls(db: Executor, workspaceId: string, parsed: ParsedCalls, accounts: ReadonlyMap<string, ChannelAccountRow>): Promise<ChannelAccountRow[]> {
  const problems: FieldProblem[] = [];
  const found: Array<ChannelAccountRow | undefined> = parsed.records.map((record) => resolveAccount(accounts, { channel: 'phone', account: record.account }));
  const seen = new Set<string>();
  const agents = await resolveAgents(db, workspaceId, parsed.records.flatMap((record) => (record.agent === undefined ? [] : [record.agent])));
  parsed.records.forEach((record, index) => {
    const path = parsed.paths[index] ?? `body.calls.${index}`;
    const account = found[index];
    if (account === undefined) problems.push({ path: `${path}.account`, message: `no phone account "${record.account}" in this workspace` });
    const key = `${account?.id ?? record.account}\u0000${record.callId}`;
    if (seen.has(key)) problems.push({ path: `${path}.callId`, message: 'this call is already in the request: send each call once' });
    seen.add(key);
    if (record.agent !== undefined && !agents.has(record.agent) && !agents.has(record.agent.toLowerCase())) {
      problems.push({ path: `${path}.agent`, message: `no member "${record.agent}" in this workspace (a user id or email)` });
    }
  });
  rejectProblems('VALIDATION_FAILED', problems);
  const accountsOf = found as ChannelAccountRow[];
  await checkCorrections(db, parsed, accountsOf);
  return accountsOf;
}

async function checkCorrections(db: Executor, parsed: ParsedCalls, accounts: readonly ChannelAccountRow[]): Promise<void> {
  const byAccount = new Map<string, number[]>();
  accounts.forEach((account, index) => {
    const indexes = byAccount.get(account.id);
    if (indexes === undefined) byAccount.set(account.id, [index]);
    else indexes.push(index);
  });
  const problems: FieldProblem[] = [];
  for (const [accountId, indexes] of byAccount) {
    for (const part of chunks(indexes)) {
      const rows = await db.selectFrom('calls').select(['call_id', 'caller_number', 'direction'])
        .where('account_id', '=', accountId).where('call_id', 'in', part.map((index) => (parsed.records[index] as CallRecord).callId)).execute();
      const recorded = new Map(rows.map((row) => [row.call_id, row]));
      for (const index of part) {
        const record = parsed.records[index] as CallRecord;
        const before = recorded.get(record.callId);
        if (before === undefined) continue;
        const path = parsed.paths[index] ?? `body.calls.${index}`;
        if (before.caller_number !== record.callerNumber) problems.push({ path: `${path}.callerNumber`, message: `call ${record.callId} was recorded with ${before.caller_number}; a correction cannot change whose call it was` });
        if (before.direction !== record.direction) problems.push({ path: `${path}.direction`, message: `call ${record.callId} was recorded as ${before.direction}; a correction cannot change its direction` });
      }
    }
  }
  rejectProblems('CONFLICT', problems);
}

/** Checks that the calls among inbound API events name members of the workspace as their agents (`body.events.3.agent`). */
export async function checkCallEventAgents(db: Executor, workspaceId: string, events: readonly InboundEvent[], paths: readonly string[]): Promise<void> {
  const named = events.flatMap((event, index) => (event.kind === 'call' && event.agent !== undefined ? [{ agent: event.agent, path: paths[index] ?? String(index) }] : []));
  if (named.length === 0) return;
  const agents = await resolveAgents(db, workspaceId, named.map((item) => item.agent));
  rejectProblems('VALIDATION_FAILED', named.filter((item) => !agents.has(item.agent) && !agents.has(item.agent.toLowerCase()))
    .map((item) => ({ path: `${item.path}.agent`, message: `no member "${item.agent}" in this workspace (a user id or email)` })));
}

/** The inbound event of a checked call, in its input form (what the receipt stores) and parsed. */
export function toCallEvent(record: CallRecord, account: ChannelAccountRow): { input: InboundEventInput; event: InboundCallEvent } {
  const input: InboundEventInput = {
    kind: 'call', channel: 'phone', account: account.id, platformMessageId: record.callId, direction: record.direction, callerNumber: record.callerNumber,
    ...(record.agent === undefined ? {} : { agent: record.agent }),
    startedAt: new Date(record.startedAt).toISOString(), durationSeconds: record.durationSeconds, disposition: record.disposition,
    ...(record.notes === undefined ? {} : { notes: record.notes }),
    ...(record.recordingUrl === undefined ? {} : { recordingUrl: record.recordingUrl }),
    ...(record.contact === undefined ? {} : { contact: record.contact }),
  };
  return { input, event: inboundEvent.parse(input) as InboundCallEvent };
}
