import { z } from 'zod';

/**
 * X ids are 64-bit snowflakes: always kept as strings (`id_str`), never as JSON numbers, which lose precision above 2^53
 * (docs/CHANNELS.md §0, `[S-X-DD]`).
 */
export const xId = z.string().regex(/^\d{1,20}$/, 'must be a numeric id string');
const count = z.number().int().min(0).optional();
const epochMillisText = z.string().regex(/^\d{1,16}$/);

/** A v1.1 user object, as in `tweet_create_events[].user` and the AAA `users` map of DM deliveries. */
export const v1User = z.looseObject({
  id_str: xId.optional(),
  // The numeric v1.1 id loses precision above 2^53 (every current id); only id_str is used, this one is tolerated.
  id: z.union([xId, z.number()]).optional(),
  name: z.string().optional(),
  screen_name: z.string().optional(),
  followers_count: count,
  verified: z.boolean().optional(),
});
/** A validated v1.1 user. */
export type V1User = z.infer<typeof v1User>;

const v1Media = z.looseObject({ type: z.string().max(30), media_url_https: z.string().optional(), expanded_url: z.string().optional() });

/** A v1.1 Tweet as Account Activity delivers it in `tweet_create_events[]` (§6.4). */
export const v1Tweet = z.looseObject({
  id_str: xId,
  created_at: z.string().max(60).optional(),
  timestamp_ms: epochMillisText.optional(),
  text: z.string().optional(),
  full_text: z.string().optional(),
  truncated: z.boolean().optional(),
  extended_tweet: z.looseObject({ full_text: z.string(), extended_entities: z.looseObject({ media: z.array(v1Media).max(20).optional() }).optional() }).optional(),
  user: v1User,
  in_reply_to_status_id_str: xId.nullish(),
  in_reply_to_user_id_str: xId.nullish(),
  in_reply_to_screen_name: z.string().nullish(),
  is_quote_status: z.boolean().optional(),
  quoted_status_id_str: xId.optional(),
  retweeted_status: z.unknown().optional(),
  retweet_count: count,
  favorite_count: count,
  reply_count: count,
  quote_count: count,
  extended_entities: z.looseObject({ media: z.array(v1Media).max(20).optional() }).optional(),
});
/** A validated v1.1 Tweet. */
export type V1Tweet = z.infer<typeof v1Tweet>;

/** One `direct_message_events[]` item (§6.5). */
export const dmEvent = z.looseObject({
  type: z.string().max(50),
  id: xId,
  created_timestamp: epochMillisText,
  message_create: z.looseObject({
    target: z.looseObject({ recipient_id: xId }),
    sender_id: xId,
    source_app_id: z.string().max(32).optional(),
    message_data: z.looseObject({
      text: z.string().optional(),
      attachment: z.looseObject({ type: z.string().max(30), media: v1Media.optional() }).optional(),
    }),
  }).optional(),
});
/** A validated DM event. */
export type DmEvent = z.infer<typeof dmEvent>;

/** One `tweet_delete_events[]` item: the author took a post back. */
export const tweetDeleteEvent = z.looseObject({
  status: z.looseObject({ id: xId, user_id: xId.optional() }),
  timestamp_ms: epochMillisText.optional(),
});

/** The Account Activity envelope: the subscribed user and one or more kinds of events (§6.4, §6.5). */
export const aaaEnvelope = z.looseObject({
  for_user_id: xId,
  user_has_blocked: z.union([z.string(), z.boolean()]).optional(),
  tweet_create_events: z.array(z.unknown()).max(1_000).optional(),
  direct_message_events: z.array(z.unknown()).max(1_000).optional(),
  tweet_delete_events: z.array(z.unknown()).max(1_000).optional(),
  users: z.record(z.string().max(32), z.unknown()).optional(),
});

/** A v2 user (polling `includes.users`, XAA `includes.users`, XAA DM users under `data`). */
export const v2User = z.looseObject({
  id: xId,
  username: z.string().optional(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
  public_metrics: z.looseObject({ followers_count: count }).optional(),
});
/** A validated v2 user. */
export type V2User = z.infer<typeof v2User>;

const reference = z.looseObject({ type: z.string().max(30), id: xId });

/** A v2 Post (§6.6, §6.7); the 2026 spec's `referenced_posts` is read as well as the classic `referenced_tweets`. */
export const v2Post = z.looseObject({
  id: xId,
  text: z.string(),
  author_id: xId.optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  conversation_id: xId.optional(),
  in_reply_to_user_id: xId.optional(),
  referenced_tweets: z.array(reference).max(10).optional(),
  referenced_posts: z.array(reference).max(10).optional(),
  note_tweet: z.looseObject({ text: z.string() }).optional(),
  public_metrics: z.looseObject({ retweet_count: count, reply_count: count, like_count: count, quote_count: count }).optional(),
});
/** A validated v2 Post. */
export type V2Post = z.infer<typeof v2Post>;

/** A page of a v2 list endpoint (mentions timeline, recent search): `data`, `includes.users`, `meta` (§6.7–6.9). */
export const v2Page = z.looseObject({
  data: z.array(z.unknown()).max(500).optional(),
  includes: z.looseObject({ users: z.array(z.unknown()).max(1_000).optional() }).optional(),
  meta: z.looseObject({
    result_count: z.number().int().min(0).optional(),
    newest_id: xId.optional(),
    oldest_id: xId.optional(),
    next_token: z.string().min(1).max(512).optional(),
  }).optional(),
});
/** A validated v2 page. */
export type V2Page = z.infer<typeof v2Page>;

/** The X Activity API delivery: one event with its v2 payload and includes (§6.6). */
export const xaaEvent = z.looseObject({
  event_uuid: z.string().max(64).optional(),
  event_type: z.string().max(100),
  filter: z.looseObject({ user_id: xId.optional() }).optional(),
  tag: z.string().max(200).optional(),
  payload: z.unknown(),
  includes: z.looseObject({ users: z.array(z.unknown()).max(1_000).optional() }).optional(),
});

/** The XAA envelope: `{ "data": event }` (an array of events is read as well). */
export const xaaEnvelope = z.looseObject({ data: z.union([z.array(z.unknown()).max(1_000), z.looseObject({ event_type: z.string() })]) });

/** X's v2 error body (RFC 7807 problem) or the v1.1 `errors[]` shape, both parsed (§6.12). */
export const xErrorBody = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  status: z.number().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), message: z.string().optional() })).optional(),
});
