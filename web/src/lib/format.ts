import { platformNames, type Platform } from '../../../common/enums.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A compact age: 45s, 12m, 3h, 2d. */
export function compactAge(fromIso: string, now: number): string {
  const elapsed = Math.max(0, now - Date.parse(fromIso));
  if (elapsed < minute) return `${Math.floor(elapsed / 1000)}s`;
  if (elapsed < hour) return `${Math.floor(elapsed / minute)}m`;
  if (elapsed < day) return `${Math.floor(elapsed / hour)}h`;
  return `${Math.floor(elapsed / day)}d`;
}

/** How urgent a wait looks: under 15 minutes calm, under an hour a warning, beyond that overdue. */
export function waitLevel(fromIso: string, now: number): 'ok' | 'warn' | 'late' {
  const elapsed = now - Date.parse(fromIso);
  if (elapsed < 15 * minute) return 'ok';
  return elapsed < hour ? 'warn' : 'late';
}

/** A date and time in the reader's locale and a time zone. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone === undefined ? {} : { timeZone }) }).format(new Date(iso));
}

/** A time today, or a short date for older times. */
export function formatShortTime(iso: string, now: number): string {
  const date = new Date(iso);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(undefined, sameDay ? { timeStyle: 'short' } : { month: 'short', day: 'numeric' }).format(date);
}

/** A machine label as words: account_access → Account access. */
export function humanize(label: string): string {
  const words = label.replaceAll(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The display name of a channel. */
export function channelName(channel: Platform): string {
  return platformNames[channel];
}

/** Up to two initials of a name or handle, for an avatar. */
export function initialsOf(name: string): string {
  const words = name.replace(/^[@+]/, '').split(/[\s._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** A duration in seconds as words: 45 s, 12 min, 3.5 h. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
