import { inboundEvent, type InboundEvent } from '../../../common/inbound.js';
import type { FieldProblem } from '../../http/app-error.js';
import { batchItems, checkBatchSize, rejectProblems, validateItems } from '../../http/batch-body.js';
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
  const events = validateItems(inboundEvent, raw, pathOf);
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
    checkBatchSize(raw.length, 'events', 'events');
    return validateEvents(raw, (index) => `line ${lineOf[index] ?? index + 1}`);
  }
  const { raw, pathOf } = batchItems(body, 'events', { one: 'event', many: 'events' });
  return validateEvents(raw, pathOf);
}

/** Rejects events whose channel account is not connected in the workspace, naming each one. */
export function checkAccounts(parsed: ParsedEvents, accounts: ReadonlyMap<string, ChannelAccountRow>): void {
  const problems: FieldProblem[] = [];
  parsed.events.forEach((event, index) => {
    if (resolveAccount(accounts, event) === undefined) {
      problems.push({ path: `${parsed.paths[index] ?? index}.account`, message: `no ${event.channel} account "${event.account}" in this workspace` });
    }
  });
  rejectProblems('VALIDATION_FAILED', problems);
}
