/**
 * X webhook payloads shaped as docs/CHANNELS.md §6.4–6.7 documents them (Account Activity v1.1 objects, the X Activity
 * API envelope with v2 objects), for the fake, the tests and the demo. Ids are strings; the v1.1 numeric `id` twins are
 * numbers, as X sends them (and as lossy as they are in JavaScript).
 */
import type { FakeXDm } from './x.fake-writes.js';
import type { FakeXPost, FakeXUser } from './x.fake-store.js';

/** One Account Activity delivery. */
export type AaaPayload = Record<string, unknown> & { for_user_id: string };

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** A v1.1 `created_at`: "Fri Feb 14 19:00:55 +0000 2020". */
export function v1Date(millis: number): string {
  const d = new Date(millis);
  return `${weekdays[d.getUTCDay()] ?? ''} ${months[d.getUTCMonth()] ?? ''} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** A v1.1 user object. */
export function v1User(user: FakeXUser): Record<string, unknown> {
  return {
    id: Number(user.id), id_str: user.id, name: user.name, screen_name: user.username, protected: false,
    verified: user.verified ?? false, followers_count: user.followers ?? 0, friends_count: 0, statuses_count: 0,
    profile_image_url_https: `https://pbs.twimg.com/profile_images/${user.id}/avatar_normal.jpg`,
  };
}

/** A post of the fake as the v1.1 Tweet object Account Activity carries (§6.4). */
export function v1Tweet(post: FakeXPost, users: ReadonlyMap<string, FakeXUser>): Record<string, unknown> {
  const author = users.get(post.authorId) ?? { id: post.authorId, username: `user${post.authorId}`, name: `User ${post.authorId}` };
  const parent = post.references.find((reference) => reference.type === 'replied_to');
  const quoted = post.references.find((reference) => reference.type === 'quoted');
  const replyTo = post.inReplyToUserId === undefined ? undefined : users.get(post.inReplyToUserId);
  const mentions = post.mentions.map((id) => users.get(id)).filter((user): user is FakeXUser => user !== undefined).map((user) => {
    const start = post.text.toLowerCase().indexOf(`@${user.username.toLowerCase()}`);
    return { screen_name: user.username, name: user.name, id: Number(user.id), id_str: user.id, indices: [start, start + user.username.length + 1] };
  });
  return {
    created_at: v1Date(post.createdAt), id: Number(post.id), id_str: post.id,
    text: post.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>', truncated: false,
    in_reply_to_status_id: parent === undefined ? null : Number(parent.id), in_reply_to_status_id_str: parent?.id ?? null,
    in_reply_to_user_id: post.inReplyToUserId === undefined ? null : Number(post.inReplyToUserId), in_reply_to_user_id_str: post.inReplyToUserId ?? null,
    in_reply_to_screen_name: replyTo?.username ?? null,
    user: v1User(author),
    is_quote_status: quoted !== undefined, ...(quoted === undefined ? {} : { quoted_status_id: Number(quoted.id), quoted_status_id_str: quoted.id }),
    quote_count: post.metrics.quote_count, reply_count: post.metrics.reply_count, retweet_count: post.metrics.retweet_count, favorite_count: post.metrics.like_count,
    entities: { hashtags: [], urls: [], user_mentions: mentions, symbols: [] },
    favorited: false, retweeted: false, filter_level: 'low', lang: post.lang, timestamp_ms: String(post.createdAt),
  };
}

/** `tweet_create_events` for the subscribed user; `user_has_blocked` is present on @mention events only (§6.4). */
export function tweetCreateEvents(forUserId: string, tweets: Array<Record<string, unknown>>, options: { mention?: boolean } = {}): AaaPayload {
  return { for_user_id: forUserId, ...(options.mention === true ? { user_has_blocked: 'false' } : {}), tweet_create_events: tweets };
}

/** `tweet_delete_events`: the author deleted posts. */
export function tweetDeleteEvents(forUserId: string, deletes: Array<{ id: string; userId: string; at: number }>): AaaPayload {
  return { for_user_id: forUserId, tweet_delete_events: deletes.map((item) => ({ status: { id: item.id, user_id: item.userId }, timestamp_ms: String(item.at) })) };
}

/** One `direct_message_events[]` item (§6.5). */
export function dmEvent(dm: Pick<FakeXDm, 'id' | 'senderId' | 'recipientId' | 'text' | 'createdAt'>, sourceAppId = '13090192'): Record<string, unknown> {
  return {
    type: 'message_create', id: dm.id, created_timestamp: String(dm.createdAt),
    message_create: {
      target: { recipient_id: dm.recipientId }, sender_id: dm.senderId, source_app_id: sourceAppId,
      message_data: { text: dm.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
    },
  };
}

/** `direct_message_events` with the `apps` and `users` maps X sends alongside (§6.5). */
export function directMessageEvents(forUserId: string, events: Array<Record<string, unknown>>, users: FakeXUser[]): AaaPayload {
  return {
    for_user_id: forUserId, direct_message_events: events,
    apps: { 13090192: { id: '13090192', name: 'FuriousCamperTestApp1', url: 'https://x.com/furiouscamper' } },
    users: Object.fromEntries(users.map((user) => [user.id, { ...v1User(user), id: user.id, created_timestamp: '1422556069340' }])),
  };
}

/** A post as a v2 Post object (the XAA payload and polling `data[]` shape, §6.6–6.7). */
export function v2PostObject(post: FakeXPost): Record<string, unknown> {
  return {
    id: post.id, text: post.text, author_id: post.authorId, created_at: new Date(post.createdAt).toISOString(), conversation_id: post.conversationId,
    ...(post.inReplyToUserId === undefined ? {} : { in_reply_to_user_id: post.inReplyToUserId }),
    ...(post.references.length === 0 ? {} : { referenced_tweets: post.references }),
    entities: { mentions: [] }, public_metrics: post.metrics, edit_history_tweet_ids: [post.id],
  };
}

/** A v2 user object. */
export function v2UserObject(user: FakeXUser): Record<string, unknown> {
  return { id: user.id, name: user.name, username: user.username, verified: user.verified ?? false, public_metrics: { followers_count: user.followers ?? 0 } };
}

/** An X Activity API delivery: `{ "data": { event_uuid, filter, event_type, tag, payload, includes } }` (§6.6). */
export function xaaDelivery(input: { eventType: string; userId: string; payload: unknown; users?: FakeXUser[]; eventUuid: string; tag?: string }): Record<string, unknown> {
  return {
    data: {
      event_uuid: input.eventUuid, filter: { user_id: input.userId }, event_type: input.eventType, tag: input.tag ?? 'care',
      payload: input.payload, ...(input.users === undefined ? {} : { includes: { users: input.users.map(v2UserObject) } }),
    },
  };
}
