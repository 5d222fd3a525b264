import { inboundEvent, type InboundCallEvent, type InboundEvent, type InboundEventInput } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import type { Executor } from '../../app-context.js';
import { AppError, type FieldProblem } from '../../http/app-error.js';
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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', 'Send one call object or { "calls": [...] }', [{ path: 'body', message: 'expected an object' }]);
  }
  if (!('calls' in body)) return validate([body], () => 'body');
  const { calls, ...rest } = body;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new AppError('VALIDATION_FAILED', `Unknown field ${extra.join(', ')}`, extra.map((key) => ({ path: `body.${key}`, message: 'unknown field' })));
  if (!Array.isArray(calls)) throw new AppError('VALIDATION_FAILED', 'body.calls: expected an array', [{ path: 'body.calls', message: 'expected an array' }]);
  if (calls.length === 0) throw new AppError('VALIDATION_FAILED', 'The batch has no calls', [{ path: 'body.calls', message: 'must not be empty' }]);
  if (calls.length > limits.inboundBatchEvents) {
    throw new AppError('VALIDATION_FAILED', `At most ${limits.inboundBatchEvents} calls per request`, [{ path: 'body.calls', message: `too many calls (${calls.length})` }]);
  }
  return validate(calls, (index) => `body.calls.${index}`);
}

function validate(raw: readonly unknown[], pathOf: (index: number) => string): ParsedCalls {
  const records: CallRecord[] = [];
  const problems: FieldProblem[] = [];
  raw.forEach((item, index) => {
    const result = callRecordBody.safeParse(item);
    if (result.success) {
      records.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const path = [pathOf(index), ...issue.path.map(String), key].filter((part) => part !== undefined && part !== '').join('.');
        problems.push({ path, message: key === undefined ? issue.message : 'unknown field' });
      }
    }
  });
  reject('VALIDATION_FAILED', problems);
  return { records, paths: raw.map((_item, index) => pathOf(index)) };
}

function reject(code: 'VALIDATION_FAILED' | 'CONFLICT', problems: readonly FieldProblem[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  throw new AppError(code, problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown, problems.slice(0, 100));
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
  reject('VALIDATION_FAILED', problems);
  const accountsOf = found as ChannelAccountRow[];
  await checkCorrections(db, parsed, accountsOf);
  return accountsOf;
}

async function checkCorrections(db: Executor, parsed: ParsedCalls, accounts: readonly ChannelAccountRow[]): Promise<void> {
  const byAccount = new Map<string, number[]>();
  accounts.forEach((account, index) => byAccount.set(account.id, [...(byAccount.get(account.id) ?? []), index]));
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
  reject('CONFLICT', problems);
}

/** Checks that the calls among inbound API events name members of the workspace as their agents (`body.events.3.agent`). */
export async function checkCallEventAgents(db: Executor, workspaceId: string, events: readonly InboundEvent[], paths: readonly string[]): Promise<void> {
  const named = events.flatMap((event, index) => (event.kind === 'call' && event.agent !== undefined ? [{ agent: event.agent, path: paths[index] ?? String(index) }] : []));
  if (named.length === 0) return;
  const agents = await resolveAgents(db, workspaceId, named.map((item) => item.agent));
  reject('VALIDATION_FAILED', named.filter((item) => !agents.has(item.agent) && !agents.has(item.agent.toLowerCase()))
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
