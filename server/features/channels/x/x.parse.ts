import type { ChannelAccountRef, ParseContext, ParseResult } from '../channel.port.js';
import { addUnrecognised, finishCollecting, readPart, startCollecting, type ParseCollector } from '../parse-support.js';
import { addDirectMessage, addTweetDelete, addV1Tweet, type AaaPlace } from './aaa.parse.js';
import { addV2Page, addV2Post, usersById } from './post.parse.js';
import { aaaEnvelope, xaaEnvelope, xaaEvent } from './x.schemas.js';

/** Account Activity keys a care team does not act on: recognised, deliberately skipped. */
const ignoredAaaKeys = new Set([
  'for_user_id', 'user_has_blocked', 'users', 'apps', 'source', 'favorite_events', 'follow_events', 'unfollow_events', 'block_events', 'unblock_events',
  'mute_events', 'unmute_events', 'user_event', 'direct_message_indicate_typing_events', 'direct_message_mark_read_events',
]);
const handledAaaKeys = new Set(['tweet_create_events', 'direct_message_events', 'tweet_delete_events']);
/** XAA events that are posts about the brand: the payload is a v2 Post. */
const postEventTypes = new Set(['post.mention.create', 'post.reply.create', 'post.quote.create']);

/**
 * Turns one X webhook payload into events: the Account Activity envelope (`for_user_id` with `tweet_create_events`,
 * `direct_message_events`, `tweet_delete_events`) or the X Activity API's `{"data": event}`. One X app's webhook serves
 * every handle subscribed to it, so each delivery goes to the account whose X user id is the subscribed user it names
 * (`for_user_id`, `filter.user_id`): this account or one of its peers on the webhook; a delivery for anyone else is
 * reported, never read as this account's. Pure, so a stored payload replays to the same events.
 */
export function parseXPayload(payload: unknown, account: ChannelAccountRef, context?: ParseContext): ParseResult {
  const collector = startCollecting(account);
  const peers = context?.peers ?? [];
  const isXaa = typeof payload === 'object' && payload !== null && 'data' in payload && !('for_user_id' in payload);
  if (isXaa) parseXaa(collector, peers, payload);
  else parseAaa(collector, peers, payload);
  return finishCollecting(collector);
}

/** Turns one polled page (mentions timeline or recent search: `data`, `includes.users`, `meta`) into events of the account. */
export function parseXPage(page: unknown, account: ChannelAccountRef): ParseResult {
  const collector = startCollecting(account);
  addV2Page(collector, page);
  return finishCollecting(collector);
}

function parseAaa(collector: ParseCollector, peers: readonly ChannelAccountRef[], payload: unknown): void {
  const envelope = readPart(collector, 'payload', aaaEnvelope, payload);
  if (envelope === undefined) return;
  const route = routeDelivery(collector, peers, 'for_user_id', envelope.for_user_id);
  if (route === undefined) return;
  const { into, brandId } = route;
  const place = (where: string): AaaPlace => ({ where, brandId, users: envelope.users });
  envelope.tweet_create_events?.forEach((tweet, index) => addV1Tweet(into, place(`tweet_create_events[${index}]`), tweet));
  envelope.direct_message_events?.forEach((event, index) => addDirectMessage(into, place(`direct_message_events[${index}]`), event));
  envelope.tweet_delete_events?.forEach((event, index) => addTweetDelete(into, place(`tweet_delete_events[${index}]`), event));
  const unknown = Object.keys(envelope).filter((key) => !handledAaaKeys.has(key) && !ignoredAaaKeys.has(key));
  if (unknown.length > 0) addUnrecognised(collector, 'payload', `keys ${unknown.slice(0, 5).join(', ')} are not handled`);
}

/**
 * Which account a delivery is for, and the brand's X user id in it: the account (or the peer on its webhook) whose X
 * user id is the subscribed user the delivery names. An account without an X user id takes what its webhook gets.
 */
function routeDelivery(collector: ParseCollector, peers: readonly ChannelAccountRef[], where: string, deliveredFor: string | undefined): { into: ParseCollector; brandId: string } | undefined {
  const own = collector.account.platform_account_id;
  if (deliveredFor === undefined || deliveredFor === own) {
    if (own !== null) return { into: collector, brandId: own };
    addUnrecognised(collector, where, 'neither the account nor the delivery names the brand\'s X user id');
    return undefined;
  }
  const peer = peers.find((candidate) => candidate.platform_account_id === deliveredFor);
  // The peer's events go to the same lists, under the peer's account.
  if (peer !== undefined) return { into: { ...collector, account: peer }, brandId: deliveredFor };
  if (own === null) return { into: collector, brandId: deliveredFor };
  const known = [own, ...peers.flatMap((candidate) => candidate.platform_account_id ?? [])];
  addUnrecognised(collector, where, `delivery for X user ${deliveredFor}, which is none of the X accounts on this webhook (${known.join(', ')}); not processed`);
  return undefined;
}

function parseXaa(collector: ParseCollector, peers: readonly ChannelAccountRef[], payload: unknown): void {
  const envelope = readPart(collector, 'payload', xaaEnvelope, payload);
  if (envelope === undefined) return;
  const items: unknown[] = Array.isArray(envelope.data) ? envelope.data : [envelope.data];
  items.forEach((raw, index) => parseXaaEvent(collector, peers, items.length === 1 ? 'data' : `data[${index}]`, raw));
}

function parseXaaEvent(collector: ParseCollector, peers: readonly ChannelAccountRef[], where: string, raw: unknown): void {
  const event = readPart(collector, where, xaaEvent, raw);
  if (event === undefined) return;
  const route = routeDelivery(collector, peers, `${where}.filter.user_id`, event.filter?.user_id);
  if (route === undefined) return;
  const { into, brandId } = route;
  if (postEventTypes.has(event.event_type)) {
    const users = usersById(into, `${where}.includes.users`, event.includes?.users);
    return addV2Post(into, `${where}.payload`, event.payload, users, brandId);
  }
  if (event.event_type === 'dm.received' || event.event_type === 'dm.sent') return parseXaaDm(into, `${where}.payload`, brandId, event.payload);
  if (event.event_type === 'chat.received') return addUnrecognised(collector, where, 'encrypted XChat messages cannot be read by Rapport');
  addUnrecognised(collector, where, `event_type "${event.event_type}" is not handled`);
}

/** An XAA DM payload is the legacy `direct_message_events[]` with its `users` map (users wrapped as `{"data": v2 user}`). */
function parseXaaDm(collector: ParseCollector, where: string, brandId: string, payload: unknown): void {
  if (typeof payload !== 'object' || payload === null) return addUnrecognised(collector, where, 'DM payload is not an object');
  const body = payload as { direct_message_events?: unknown; users?: unknown };
  const users = typeof body.users === 'object' && body.users !== null ? (body.users as Record<string, unknown>) : undefined;
  const events = Array.isArray(body.direct_message_events) ? (body.direct_message_events as unknown[]) : [payload];
  events.slice(0, 1_000).forEach((event, index) => addDirectMessage(collector, { where: `${where}.direct_message_events[${index}]`, brandId, users }, event));
}
