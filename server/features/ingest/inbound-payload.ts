import { inboundEvent, type InboundEvent } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import { AppError, type FieldProblem } from '../../http/app-error.js';
import { parseJsonText } from '../../http/body-parsers.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import { resolveAccount } from './ingest-lookups.js';

/** The events of one request, validated, with their input form kept for the receipt. */
export interface ParsedEvents {
  events: InboundEvent[];
  raw: unknown[];
  /** Where each event sits in the request, for error paths (`body.events.3`, `line 7`). */
  paths: string[];
}

/** Validates a list of raw events; any invalid event rejects the whole request, naming each field at fault. */
export function validateEvents(raw: readonly unknown[], pathOf: (index: number) => string): ParsedEvents {
  const events: InboundEvent[] = [];
  const problems: FieldProblem[] = [];
  raw.forEach((item, index) => {
    const result = inboundEvent.safeParse(item);
    if (result.success) {
      events.push(result.data);
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
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new AppError('VALIDATION_FAILED', problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown, problems.slice(0, 100));
  }
  return { events, raw: [...raw], paths: raw.map((_item, index) => pathOf(index)) };
}

/** Reads the inbound API body: one event, `{ events: [...] }`, or NDJSON text with one event per line. */
export function parseInboundBody(body: unknown): ParsedEvents {
  if (typeof body === 'string') {
    const lines = body.split('\n').map((line) => line.trim());
    const raw: unknown[] = [];
    const lineOf: number[] = [];
    lines.forEach((line, index) => {
      if (line === '') return;
      raw.push(parseJsonText(line, `line ${index + 1}`));
      lineOf.push(index + 1);
    });
    checkBatchSize(raw.length);
    return validateEvents(raw, (index) => `line ${lineOf[index] ?? index + 1}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', 'Send one event object or { "events": [...] }', [{ path: 'body', message: 'expected an object' }]);
  }
  if ('events' in body) {
    const { events, ...rest } = body;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new AppError('VALIDATION_FAILED', `Unknown field ${extra.join(', ')}`, extra.map((key) => ({ path: `body.${key}`, message: 'unknown field' })));
    if (!Array.isArray(events)) throw new AppError('VALIDATION_FAILED', 'body.events: expected an array', [{ path: 'body.events', message: 'expected an array' }]);
    checkBatchSize(events.length);
    return validateEvents(events, (index) => `body.events.${index}`);
  }
  return validateEvents([body], () => 'body');
}

function checkBatchSize(count: number): void {
  if (count === 0) throw new AppError('VALIDATION_FAILED', 'The batch has no events', [{ path: 'body.events', message: 'must not be empty' }]);
  if (count > limits.inboundBatchEvents) {
    throw new AppError('VALIDATION_FAILED', `At most ${limits.inboundBatchEvents} events per request`, [{ path: 'body.events', message: `too many events (${count})` }]);
  }
}

/** Rejects events whose channel account is not connected in the workspace, naming each one. */
export function checkAccounts(parsed: ParsedEvents, accounts: ReadonlyMap<string, ChannelAccountRow>): void {
  const problems: FieldProblem[] = [];
  parsed.events.forEach((event, index) => {
    if (resolveAccount(accounts, event) === undefined) {
      problems.push({ path: `${parsed.paths[index] ?? index}.account`, message: `no ${event.channel} account "${event.account}" in this workspace` });
    }
  });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; '), problems.slice(0, 100));
}
