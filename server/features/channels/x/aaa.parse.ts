import type { Attachment, InboundAuthor } from '../../../../common/inbound.js';
import { accountFields, addEvent, addUnrecognised, boundedText, readPart, storableUrl, type ParseCollector } from '../parse-support.js';
import { authorFromV1, authorFromV2, isoFromMillisText, isoFromV1Date, snowflakeIso, unescapeXText, v1UserId } from './x.parse-support.js';
import { dmEvent, tweetDeleteEvent, v1Tweet, v1User, v2User, type V1Tweet } from './x.schemas.js';

/** Who a delivery is for: the subscribed brand account, and the users the payload describes (DM deliveries). */
export interface AaaPlace {
  where: string;
  brandId: string;
  /** The AAA `users` map (v1.1 users) or XAA's (`{"<id>": {"data": v2 user}}`), by user id. */
  users: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Reads one `tweet_create_events[]` Tweet: a mention, a reply or a quote of the brand becomes a public message; the
 * brand's own replies are outbound (an echo of what it posted, through Rapport or not), and the echo is X's word that
 * the reply is live in the customer's thread: `delivered`. Reposts and the brand's stand-alone posts are skipped.
 */
export function addV1Tweet(collector: ParseCollector, place: AaaPlace, raw: unknown): void {
  const tweet = readPart(collector, place.where, v1Tweet, raw);
  if (tweet === undefined) return;
  if (tweet.retweeted_status !== undefined && tweet.retweeted_status !== null) return;
  const authorId = v1UserId(tweet.user);
  if (authorId === undefined) return addUnrecognised(collector, place.where, 'tweet without user.id_str');
  const parent = tweet.in_reply_to_status_id_str ?? undefined;
  const fromBrand = authorId === place.brandId;
  if (fromBrand && parent === undefined) return;
  const sentAt = isoFromMillisText(tweet.timestamp_ms) ?? (tweet.created_at === undefined ? undefined : isoFromV1Date(tweet.created_at)) ?? snowflakeIso(tweet.id_str);
  if (sentAt === undefined) return addUnrecognised(collector, place.where, 'tweet without created_at');
  const recipientId = tweet.in_reply_to_user_id_str ?? undefined;
  const quoted = tweet.quoted_status_id_str;
  const recipient: InboundAuthor | undefined = fromBrand && recipientId !== undefined && recipientId !== place.brandId
    ? authorFromV1(recipientId, { screen_name: tweet.in_reply_to_screen_name ?? undefined })
    : undefined;
  addEvent(collector, place.where, {
    kind: 'message', ...accountFields(collector), platformMessageId: tweet.id_str, visibility: 'public',
    direction: fromBrand ? 'outbound' : 'inbound',
    author: authorFromV1(authorId, tweet.user),
    ...(recipient === undefined ? {} : { recipient }),
    ...(parent === undefined ? {} : { parentPlatformId: parent }),
    ...(quoted === undefined || quoted === parent ? {} : { threadRefs: [quoted] }),
    text: boundedText(unescapeXText(tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '')),
    attachments: mediaOf(tweet),
    sentAt,
    metrics: {
      ...(tweet.retweet_count === undefined ? {} : { reposts: tweet.retweet_count }),
      ...(tweet.reply_count === undefined ? {} : { replies: tweet.reply_count }),
      ...(tweet.favorite_count === undefined ? {} : { likes: tweet.favorite_count }),
    },
  });
  if (fromBrand) addEchoDelivered(collector, place.where, tweet.id_str, sentAt);
}

/**
 * X has no delivery receipts; its webhook echo of the brand's own post or DM is its confirmation that the message is in
 * the customer's thread or conversation, so the brand's message is `delivered` (a message Rapport sent is upgraded).
 */
export function addEchoDelivered(collector: ParseCollector, where: string, platformMessageId: string, at: string): void {
  addEvent(collector, where, { kind: 'status', ...accountFields(collector), platformMessageId, status: 'delivered', at });
}

const mediaTypes: Record<string, Attachment['type']> = { photo: 'image', video: 'video', animated_gif: 'video' };

function mediaOf(tweet: V1Tweet): Attachment[] {
  const media = tweet.extended_tweet?.extended_entities?.media ?? tweet.extended_entities?.media ?? [];
  return media.slice(0, 20).map((item) => {
    const url = storableUrl(item.media_url_https);
    return { type: mediaTypes[item.type] ?? 'file', ...(url === undefined ? {} : { url }) };
  });
}

/**
 * Reads one `direct_message_events[]` item into a private message. A DM the brand sent (sender = the subscribed account)
 * is outbound to its recipient, and delivered; when two subscribed accounts share a conversation each gets its own copy,
 * told apart by the delivery's `for_user_id`.
 */
export function addDirectMessage(collector: ParseCollector, place: AaaPlace, raw: unknown): void {
  const event = readPart(collector, place.where, dmEvent, raw);
  if (event === undefined) return;
  if (event.type !== 'message_create') return;
  const create = event.message_create;
  if (create === undefined) return addUnrecognised(collector, place.where, 'message_create event without message_create');
  const fromBrand = create.sender_id === place.brandId;
  if (!fromBrand && create.target.recipient_id !== place.brandId) return addUnrecognised(collector, place.where, `DM between ${create.sender_id} and ${create.target.recipient_id}, not to this account`);
  const sentAt = isoFromMillisText(event.created_timestamp);
  if (sentAt === undefined) return addUnrecognised(collector, place.where, 'DM without created_timestamp');
  const media = create.message_data.attachment?.media;
  const url = storableUrl(media?.media_url_https);
  addEvent(collector, place.where, {
    kind: 'message', ...accountFields(collector), platformMessageId: event.id, visibility: 'private',
    direction: fromBrand ? 'outbound' : 'inbound',
    author: userOf(place, create.sender_id),
    ...(fromBrand ? { recipient: userOf(place, create.target.recipient_id) } : {}),
    text: boundedText(unescapeXText(create.message_data.text ?? '')),
    attachments: media === undefined ? [] : [{ type: mediaTypes[media.type ?? ''] ?? 'file', ...(url === undefined ? {} : { url }) }],
    sentAt,
  });
  if (fromBrand) addEchoDelivered(collector, place.where, event.id, sentAt);
}

/** A DM party from the delivery's users map: AAA v1.1 users, or XAA's v2 users wrapped in `data`. */
function userOf(place: AaaPlace, id: string): InboundAuthor {
  const raw = place.users?.[id];
  const wrapped = typeof raw === 'object' && raw !== null && 'data' in raw ? raw.data : undefined;
  if (wrapped !== undefined) {
    const user = v2User.safeParse(wrapped);
    return authorFromV2(id, user.success ? user.data : undefined);
  }
  const user = v1User.safeParse(raw);
  return authorFromV1(id, user.success ? user.data : undefined);
}

/** Reads one `tweet_delete_events[]` item: the author took the post back; it stays in Rapport marked as deleted. */
export function addTweetDelete(collector: ParseCollector, place: AaaPlace, raw: unknown): void {
  const event = readPart(collector, place.where, tweetDeleteEvent, raw);
  if (event === undefined) return;
  // Without its own time the deletion is dated by the post's id: later than that, and replayed identically.
  const deletedAt = isoFromMillisText(event.timestamp_ms) ?? snowflakeIso(event.status.id);
  if (deletedAt === undefined) return addUnrecognised(collector, place.where, 'delete event without timestamp_ms');
  addEvent(collector, place.where, { kind: 'delete', ...accountFields(collector), platformMessageId: event.status.id, deletedAt });
}
