import type { InboundAuthor } from '../../../../common/inbound.js';
import type { V1User, V2User } from './x.schemas.js';

/** X's snowflake epoch (2010-11-04T01:42:54.657Z): ids carry their creation time in the bits above 22. */
const snowflakeEpoch = 1_288_834_974_657n;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The creation instant encoded in a snowflake id, as ISO-8601; the fallback when a post comes without its time. */
export function snowflakeIso(id: string): string | undefined {
  try {
    const millis = (BigInt(id) >> 22n) + snowflakeEpoch;
    return millis > snowflakeEpoch ? new Date(Number(millis)).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/** Whether snowflake `a` is newer than `b` (numeric order of ids of any length). */
export function isNewerId(a: string, b: string | null | undefined): boolean {
  if (b === null || b === undefined || b === '') return true;
  return a.length === b.length ? a > b : a.length > b.length;
}

/** A v1.1 `created_at` ("Fri Feb 14 19:00:55 +0000 2020") as ISO-8601, parsed strictly rather than by Date's guesswork. */
export function isoFromV1Date(text: string): string | undefined {
  const match = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(text);
  if (match === null) return undefined;
  const [, month = '', day, hours, minutes, seconds, sign, offsetHours, offsetMinutes, year] = match;
  const monthIndex = months.indexOf(month);
  if (monthIndex < 0) return undefined;
  const local = Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds));
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
  return new Date(local - offset).toISOString();
}

/** An instant in epoch milliseconds given as a string (AAA `timestamp_ms`, `created_timestamp`), as ISO-8601. */
export function isoFromMillisText(millis: string | undefined): string | undefined {
  if (millis === undefined) return undefined;
  const value = Number(millis);
  return Number.isFinite(value) && value > 0 ? new Date(value).toISOString() : undefined;
}

/** Post text as X serialises it (`&`, `<`, `>` HTML-escaped) back to what the author typed. */
export function unescapeXText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The id of a v1.1 user: `id_str`, or a numeric `id` only while it is exact. */
export function v1UserId(user: V1User): string | undefined {
  if (user.id_str !== undefined) return user.id_str;
  if (typeof user.id === 'string') return user.id;
  return user.id !== undefined && Number.isSafeInteger(user.id) ? String(user.id) : undefined;
}

const bounded = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text.trim().slice(0, 200));

/** A v1.1 user as the author of an inbound event. */
export function authorFromV1(id: string, user: V1User | undefined): InboundAuthor {
  const handle = bounded(user?.screen_name);
  const displayName = bounded(user?.name);
  return {
    platformUserId: id,
    ...(handle === undefined ? {} : { handle }),
    ...(displayName === undefined ? {} : { displayName }),
    ...(user?.followers_count === undefined ? {} : { followers: user.followers_count }),
    ...(user?.verified === undefined ? {} : { verified: user.verified }),
  };
}

/** A v2 user as the author of an inbound event. */
export function authorFromV2(id: string, user: V2User | undefined): InboundAuthor {
  const handle = bounded(user?.username);
  const displayName = bounded(user?.name);
  const followers = user?.public_metrics?.followers_count;
  return {
    platformUserId: id,
    ...(handle === undefined ? {} : { handle }),
    ...(displayName === undefined ? {} : { displayName }),
    ...(followers === undefined ? {} : { followers }),
    ...(user?.verified === undefined ? {} : { verified: user.verified }),
  };
}
