import { parseSearchQuery } from './x.fake-search.js';
import { compareIds, type FakeXPost, type FakeXStore, type FakeXUser } from './x.fake-store.js';

/** An answer of the fake X API. */
export interface FakeXReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A v2 problem (RFC 7807) as X sends it (§6.12). */
export function xProblem(status: number, title: string, detail: string, type = 'about:blank', extra: Record<string, unknown> = {}): FakeXReply {
  return { status, body: { title, detail, type, status, ...extra } };
}

/** 429 as observed from X (a v2 problem), or as its docs show it (the v1.1 `errors[]` with code 88). */
export function throttled(shape: 'problem' | 'v1'): FakeXReply {
  return shape === 'v1'
    ? { status: 429, body: { errors: [{ code: 88, message: 'Rate limit exceeded' }] } }
    : xProblem(429, 'Too Many Requests', 'Too Many Requests');
}

/** 400 Invalid Request with X's problem type and, like X, the individual errors. */
export function invalidRequest(message: string): FakeXReply {
  return xProblem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', 'https://api.x.com/2/problems/invalid-request', { errors: [{ message }] });
}

const tweetFields = new Set([
  'attachments', 'author_id', 'context_annotations', 'conversation_id', 'created_at', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id',
  'in_reply_to_user_id', 'lang', 'non_public_metrics', 'note_tweet', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics', 'public_metrics',
  'referenced_tweets', 'reply_settings', 'source', 'text', 'withheld',
]);
const userFields = new Set(['created_at', 'description', 'entities', 'id', 'location', 'name', 'pinned_tweet_id', 'profile_image_url', 'protected', 'public_metrics', 'url', 'username', 'verified', 'verified_type', 'withheld']);
const expansions = new Set(['author_id', 'referenced_tweets.id', 'referenced_posts.id', 'in_reply_to_user_id', 'attachments.media_keys', 'entities.mentions.username', 'referenced_tweets.id.author_id', 'edit_history_tweet_ids']);
const listParams = {
  mentions: new Set(['since_id', 'until_id', 'max_results', 'pagination_token', 'start_time', 'end_time', 'tweet.fields', 'post.fields', 'expansions', 'user.fields', 'media.fields', 'place.fields', 'poll.fields']),
  search: new Set(['query', 'since_id', 'until_id', 'max_results', 'next_token', 'pagination_token', 'start_time', 'end_time', 'sort_order', 'tweet.fields', 'post.fields', 'expansions', 'user.fields', 'media.fields', 'place.fields', 'poll.fields']),
};
const idPattern = /^[0-9]{1,19}$/;
const day = 86_400_000;

/** How a list request is paged: the page size cap (X may return fewer than max_results). */
export interface ListOptions {
  pageCap: number;
}

/** GET /2/users/:id/mentions and GET /2/tweets/search/recent, with since_id / until_id / pagination and field selection. */
export function listPosts(store: FakeXStore, kind: 'mentions' | 'search', params: URLSearchParams, options: ListOptions, userId?: string): FakeXReply {
  const invalid = checkListParams(kind, params);
  if (invalid !== undefined) return invalid;
  const fields = selection(params);
  if (typeof fields === 'string') return invalidRequest(fields);
  let candidates: FakeXPost[];
  if (kind === 'mentions') {
    if (userId === undefined || !store.users.has(userId)) {
      return { status: 200, body: { meta: { result_count: 0 }, errors: [{ title: 'Not Found Error', detail: `Could not find user with id: [${userId ?? ''}].`, type: 'https://api.x.com/2/problems/resource-not-found', resource_type: 'user', resource_id: userId, parameter: 'id', value: userId }] } };
    }
    candidates = store.posts.filter((post) => post.mentions.includes(userId) && post.authorId !== userId).reverse().slice(0, 800);
  } else {
    const query = parseSearchQuery(store, params.get('query') ?? '');
    if (!query.ok) return invalidRequest(query.message);
    candidates = store.posts.filter((post) => post.createdAt >= store.now() - 7 * day && query.matches(post)).reverse();
  }
  const token = params.get('pagination_token') ?? params.get('next_token');
  const before = token === null ? undefined : decodeToken(token);
  if (before === null) return invalidRequest(`The \`${params.has('next_token') ? 'next_token' : 'pagination_token'}\` query parameter value [${token ?? ''}] is not valid`);
  const sinceId = params.get('since_id');
  const untilId = params.get('until_id');
  const remaining = candidates.filter((post) => (sinceId === null || compareIds(post.id, sinceId) > 0) && (untilId === null || compareIds(post.id, untilId) < 0) && (before === undefined || compareIds(post.id, before) < 0));
  const size = Math.min(Number(params.get('max_results') ?? '10'), options.pageCap);
  const page = remaining.slice(0, size);
  const last = page.at(-1);
  const meta = {
    result_count: page.length,
    ...(page.length === 0 ? {} : { newest_id: page[0]?.id, oldest_id: last?.id }),
    ...(remaining.length > size && last !== undefined ? { next_token: encodeToken(last.id) } : {}),
  };
  const authors = [...new Set(page.map((post) => post.authorId))].map((id) => store.users.get(id)).filter((user): user is FakeXUser => user !== undefined);
  return {
    status: 200,
    body: {
      ...(page.length === 0 ? {} : { data: page.map((post) => presentV2Post(post, fields.tweet)) }),
      ...(page.length > 0 && fields.expansions.has('author_id') ? { includes: { users: authors.map((user) => presentV2User(user, fields.user)) } } : {}),
      meta,
    },
  };
}

function checkListParams(kind: 'mentions' | 'search', params: URLSearchParams): FakeXReply | undefined {
  for (const name of params.keys()) if (!listParams[kind].has(name)) return invalidRequest(`The query parameter [${name}] is not one of [${[...listParams[kind]].join(',')}]`);
  for (const name of ['since_id', 'until_id']) {
    const value = params.get(name);
    if (value !== null && !idPattern.test(value)) return invalidRequest(`The \`${name}\` query parameter value [${value}] does not match ^[0-9]{1,19}$`);
  }
  const [min, max] = kind === 'mentions' ? [5, 100] : [10, 100];
  const maxResults = params.get('max_results');
  if (maxResults !== null && !(Number.isInteger(Number(maxResults)) && Number(maxResults) >= min && Number(maxResults) <= max)) {
    return invalidRequest(`The \`max_results\` query parameter value [${maxResults}] is not between ${min} and ${max}`);
  }
  if (kind === 'search') {
    const query = params.get('query');
    if (query === null || query === '') return xProblem(400, 'Invalid Request', 'The \'query\' parameter is required.', 'https://api.x.com/2/problems/invalid-request');
    if (query.length > 512) return invalidRequest(`The \`query\` query parameter value is longer than 512 characters`);
    if (params.has('next_token') && params.has('pagination_token')) return invalidRequest('At most one of next_token, pagination_token may be given');
    if (params.has('start_time') && params.has('since_id')) return invalidRequest('At most one of start_time, since_id may be given');
  } else if (params.has('since_id') && params.has('until_id') && compareIds(params.get('since_id') ?? '', params.get('until_id') ?? '') >= 0) {
    return invalidRequest('since_id must be less than until_id');
  }
  return undefined;
}

interface Selection {
  tweet: Set<string>;
  user: Set<string>;
  expansions: Set<string>;
}

/** The requested fields and expansions; both spellings (`tweet.fields` and 2026's `post.fields`) are accepted. */
function selection(params: URLSearchParams): Selection | string {
  const list = (name: string) => (params.get(name) ?? '').split(',').filter(Boolean);
  const tweet = [...list('tweet.fields'), ...list('post.fields')];
  const user = list('user.fields');
  const expanded = list('expansions');
  const wrong = tweet.find((field) => !tweetFields.has(field)) ?? user.find((field) => !userFields.has(field)) ?? expanded.find((field) => !expansions.has(field));
  if (wrong !== undefined) return `The field or expansion [${wrong}] is not one of the allowed values`;
  return { tweet: new Set(tweet), user: new Set(user), expansions: new Set(expanded) };
}

/** A post as v2 presents it: id, text and edit history by default, the rest only when asked for. */
export function presentV2Post(post: FakeXPost, fields: ReadonlySet<string>): Record<string, unknown> {
  return {
    id: post.id, text: post.text, edit_history_tweet_ids: [post.id],
    ...(fields.has('created_at') ? { created_at: new Date(post.createdAt).toISOString() } : {}),
    ...(fields.has('author_id') ? { author_id: post.authorId } : {}),
    ...(fields.has('conversation_id') ? { conversation_id: post.conversationId } : {}),
    ...(fields.has('in_reply_to_user_id') && post.inReplyToUserId !== undefined ? { in_reply_to_user_id: post.inReplyToUserId } : {}),
    ...(fields.has('referenced_tweets') && post.references.length > 0 ? { referenced_tweets: post.references } : {}),
    ...(fields.has('public_metrics') ? { public_metrics: post.metrics } : {}),
    ...(fields.has('lang') ? { lang: post.lang } : {}),
  };
}

/** A user as v2 presents it: id, name and username by default. */
export function presentV2User(user: FakeXUser, fields: ReadonlySet<string>): Record<string, unknown> {
  return {
    id: user.id, name: user.name, username: user.username,
    ...(fields.has('verified') ? { verified: user.verified ?? false } : {}),
    ...(fields.has('public_metrics') ? { public_metrics: { followers_count: user.followers ?? 0, following_count: 0, tweet_count: 0, listed_count: 0 } } : {}),
    ...(fields.has('profile_image_url') ? { profile_image_url: `https://pbs.twimg.com/profile_images/${user.id}/avatar_normal.jpg` } : {}),
  };
}

function encodeToken(oldestId: string): string {
  return Buffer.from(`fake:${oldestId}`).toString('base64url');
}

/** The oldest id of the previous page, or null when the token is not one the fake issued. */
function decodeToken(token: string): string | null {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const id = text.startsWith('fake:') ? text.slice(5) : '';
  return idPattern.test(id) ? id : null;
}
