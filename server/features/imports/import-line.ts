import type { InboundEvent } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import { AppError } from '../../http/app-error.js';
import { parseJsonText } from '../../http/body-parsers.js';
import { validateEvents } from '../ingest/inbound-payload.js';
import { resolveAccount } from '../ingest/ingest-lookups.js';

/** What one NDJSON line turned out to be: an event to ingest, a rejection with its reason, or nothing (a blank line). */
export type ParsedLine =
  | { kind: 'event'; event: InboundEvent; raw: unknown }
  | { kind: 'rejected'; reason: string }
  | { kind: 'blank' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Validates one line exactly as the inbound API validates one event (safe JSON, the inbound event schema),
 * and checks that the channel account it names exists in the workspace.
 */
export function parseImportLine(line: Uint8Array | string, accounts: ReadonlyMap<string, ChannelAccountRow>): ParsedLine {
  const bytes = typeof line === 'string' ? Buffer.byteLength(line) : line.length;
  if (bytes > limits.importLineBytes) return { kind: 'rejected', reason: `the line is longer than ${limits.importLineBytes} bytes` };
  let text: string;
  try {
    text = typeof line === 'string' ? line : strictUtf8.decode(line);
  } catch {
    return { kind: 'rejected', reason: 'the line is not valid UTF-8' };
  }
  // trim() also drops a byte order mark and the \r of CRLF line ends.
  text = text.trim();
  if (text === '') return { kind: 'blank' };
  let raw: unknown;
  let event: InboundEvent | undefined;
  try {
    raw = parseJsonText(text, 'line');
    [event] = validateEvents([raw], () => '').events;
  } catch (error) {
    if (error instanceof AppError) return { kind: 'rejected', reason: lowerFirst(error.message) };
    throw error;
  }
  if (event === undefined) return { kind: 'rejected', reason: 'no event' };
  if (resolveAccount(accounts, event) === undefined) {
    return { kind: 'rejected', reason: `account: no ${event.channel} account "${event.account}" in this workspace` };
  }
  return { kind: 'event', event, raw };
}

/** Error messages name the field first ("author.handle: …"); a problem with the whole event has an empty field name. */
function lowerFirst(message: string): string {
  const text = message.replace(/^: /, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}
