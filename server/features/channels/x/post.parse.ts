import { accountFields, addEvent, addUnrecognised, boundedText, readPart, type ParseCollector } from '../parse-support.js';
import { authorFromV2, snowflakeIso, unescapeXText } from './x.parse-support.js';
import { v2Page, v2Post, v2User, type V2Post, type V2User } from './x.schemas.js';

/** Users of a v2 response by id (`includes.users`), for the authors of its posts. */
export function usersById(collector: ParseCollector, where: string, users: readonly unknown[] | undefined): Map<string, V2User> {
  const byId = new Map<string, V2User>();
  (users ?? []).forEach((raw, index) => {
    const user = readPart(collector, `${where}[${index}]`, v2User, raw);
    if (user !== undefined) byId.set(user.id, user);
  });
  return byId;
}

/**
 * Reads one v2 Post (a polled mention or search result, an XAA payload) into a public message: a reply joins its parent's
 * conversation, a quote refers to the quoted post, and the brand's own replies are outbound. Reposts and the brand's own
 * stand-alone posts (publishing, not care) are skipped.
 */
export function addV2Post(collector: ParseCollector, where: string, raw: unknown, users: ReadonlyMap<string, V2User>, brandId: string | undefined): void {
  const post = readPart(collector, where, v2Post, raw);
  if (post === undefined) return;
  const references = post.referenced_tweets ?? post.referenced_posts ?? [];
  if (references.some((reference) => reference.type === 'retweeted')) return;
  const parent = references.find((reference) => reference.type === 'replied_to')?.id;
  const quoted = references.find((reference) => reference.type === 'quoted')?.id;
  const authorId = post.author_id;
  if (authorId === undefined) return addUnrecognised(collector, where, 'post without author_id (request expansions=author_id)');
  const fromBrand = brandId !== undefined && authorId === brandId;
  if (fromBrand && parent === undefined) return;
  const sentAt = post.created_at ?? snowflakeIso(post.id);
  if (sentAt === undefined) return addUnrecognised(collector, where, 'post without created_at');
  const recipientId = post.in_reply_to_user_id;
  const threadRefs = [post.conversation_id, quoted].filter((id): id is string => id !== undefined && id !== post.id && id !== parent);
  addEvent(collector, where, {
    kind: 'message', ...accountFields(collector), platformMessageId: post.id, visibility: 'public',
    direction: fromBrand ? 'outbound' : 'inbound',
    author: authorFromV2(authorId, users.get(authorId)),
    ...(fromBrand && recipientId !== undefined && recipientId !== brandId ? { recipient: authorFromV2(recipientId, users.get(recipientId)) } : {}),
    ...(parent === undefined ? {} : { parentPlatformId: parent }),
    ...(threadRefs.length === 0 ? {} : { threadRefs: [...new Set(threadRefs)] }),
    text: boundedText(unescapeXText(post.note_tweet?.text ?? post.text)),
    sentAt,
    ...metricsOf(post),
  });
}

function metricsOf(post: V2Post): { metrics?: { reposts?: number; replies?: number; likes?: number } } {
  const metrics = post.public_metrics;
  if (metrics === undefined) return {};
  return {
    metrics: {
      ...(metrics.retweet_count === undefined ? {} : { reposts: metrics.retweet_count }),
      ...(metrics.reply_count === undefined ? {} : { replies: metrics.reply_count }),
      ...(metrics.like_count === undefined ? {} : { likes: metrics.like_count }),
    },
  };
}

/** Reads a page of the mentions timeline or recent search (`data`, `includes.users`) into events of the account. */
export function addV2Page(collector: ParseCollector, raw: unknown): void {
  const page = readPart(collector, 'page', v2Page, raw);
  if (page === undefined) return;
  const users = usersById(collector, 'includes.users', page.includes?.users);
  const brandId = collector.account.platform_account_id ?? undefined;
  (page.data ?? []).forEach((post, index) => addV2Post(collector, `data[${index}]`, post, users, brandId));
}
