import type { z } from 'zod';
import type { Platform } from '../../../common/enums.js';
import { inboundEvent, type InboundEvent, type InboundEventInput } from '../../../common/inbound.js';
import { limits } from '../../../common/limits.js';
import type { ChannelAccountRef, ParseResult } from './channel.port.js';

/** Collects what one payload amounts to while an adapter walks it. */
export interface ParseCollector {
  account: ChannelAccountRef;
  events: InboundEvent[];
  unrecognised: string[];
  accountErrors: string[];
}

/** An empty collector for one account's payload. */
export function startCollecting(account: ChannelAccountRef): ParseCollector {
  return { account, events: [], unrecognised: [], accountErrors: [] };
}

/** The result of a collector: what parse() returns. */
export function finishCollecting(collector: ParseCollector): ParseResult {
  const { events, unrecognised, accountErrors } = collector;
  return accountErrors.length > 0 ? { events, unrecognised, accountErrors } : { events, unrecognised };
}

/** Fields every event of the collector's account carries. */
export function accountFields(collector: ParseCollector): { channel: Platform; account: string } {
  return { channel: collector.account.platform as Platform, account: collector.account.id };
}

/** Validates one event against Rapport's inbound schema; an event that does not fit is reported, never thrown. */
export function addEvent(collector: ParseCollector, where: string, event: InboundEventInput): void {
  const result = inboundEvent.safeParse(event);
  if (result.success) collector.events.push(result.data);
  else collector.unrecognised.push(`${where}: ${describeIssues(result.error)}`);
}

/** Reports a part of the payload of unknown shape. */
export function addUnrecognised(collector: ParseCollector, where: string, why: string): void {
  if (collector.unrecognised.length < 50) collector.unrecognised.push(`${where}: ${why}`);
}

/** Parses a part of a payload with a schema; on failure reports it and returns undefined. */
export function readPart<S extends z.ZodType>(collector: ParseCollector, where: string, schema: S, value: unknown): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  addUnrecognised(collector, where, describeIssues(result.error));
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'value'} ${issue.message}`).join('; ');
}

/** An instant given in epoch seconds (a number or a numeric string, as WhatsApp sends it), as ISO-8601. */
export function isoFromSeconds(seconds: number | string): string | undefined {
  const value = typeof seconds === 'string' ? Number(seconds) : seconds;
  return Number.isFinite(value) ? new Date(value * 1000).toISOString() : undefined;
}

/** An instant in epoch seconds or milliseconds, told apart by size: Meta's `entry.time` is seconds on some objects and milliseconds on others, and Instagram's dashboard test DMs carry seconds where real ones carry milliseconds. */
export function isoFromEpoch(value: number): string {
  return new Date(value < 100_000_000_000 ? value * 1000 : value).toISOString();
}

/** Text cut to what a message may hold. */
export function boundedText(text: string | undefined): string {
  return (text ?? '').slice(0, limits.messageTextChars);
}

/** A URL kept only when it is http(s) and short enough to store; platform CDN links are metadata, never fetched here. */
export function storableUrl(url: string | undefined): string | undefined {
  if (url === undefined || url.length > 2048) return undefined;
  return /^https?:\/\//i.test(url) ? url : undefined;
}
