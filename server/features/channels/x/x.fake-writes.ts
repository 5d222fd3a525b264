import { invalidRequest, xProblem, type FakeXReply } from './x.fake-api.js';
import type { FakeXPost, FakeXStore } from './x.fake-store.js';

/** A DM the fake accepted. */
export interface FakeXDm {
  id: string;
  conversationId: string;
  senderId: string;
  recipientId: string;
  text: string;
  createdAt: number;
  body: Record<string, unknown>;
}

/** A post the fake accepted through POST /2/tweets, with the request body as sent. */
export interface FakeXPosted {
  post: FakeXPost;
  body: Record<string, unknown>;
}

const createPostKeys = new Set([
  'text', 'reply', 'quote_tweet_id', 'reply_settings', 'media', 'poll', 'for_super_followers_only', 'direct_message_deep_link', 'geo',
  'nullcast', 'community_id', 'edit_options', 'card_uri', 'made_with_ai', 'paid_partnership', 'share_with_followers',
]);
const idPattern = /^[0-9]{1,19}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** What X answers a write it does not allow (§6.10). */
const forbidden = (detail: string) => xProblem(403, 'Forbidden', detail);

/**
 * POST /2/tweets: checks the body as X does (known keys, text, reply target) and refuses what X refuses on a non-verified
 * account: more than 280 characters, a reply to a post that does not exist, and duplicate content.
 */
export function createPost(store: FakeXStore, authorId: string, body: unknown, posted: FakeXPosted[]): FakeXReply {
  if (!isObject(body)) return invalidRequest('The request body must be a JSON object');
  const unknown = Object.keys(body).find((key) => !createPostKeys.has(key));
  if (unknown !== undefined) return invalidRequest(`[${unknown}] is not a valid property of the request body`);
  const text = body.text;
  if (typeof text !== 'string' || text.trim() === '') return invalidRequest('$.text: must be a non-empty string when no media is attached');
  let parent: FakeXPost | undefined;
  if (body.reply !== undefined) {
    const reply = body.reply;
    if (!isObject(reply) || typeof reply.in_reply_to_tweet_id !== 'string' || !idPattern.test(reply.in_reply_to_tweet_id)) return invalidRequest('$.reply.in_reply_to_tweet_id: must be a numeric id string');
    parent = store.post(reply.in_reply_to_tweet_id);
    if (parent === undefined) return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
  }
  if ([...text].length > 280) return forbidden('You are not permitted to perform this action.');
  if (store.posts.some((post) => post.authorId === authorId && stripReplyMentions(post.text) === text)) return forbidden('You are not allowed to create a Tweet with duplicate content.');
  const parentAuthor = parent === undefined ? undefined : store.users.get(parent.authorId);
  // A reply carries its parent's author in front, as X shows it.
  const stored = parentAuthor === undefined || parentAuthor.id === authorId || text.startsWith(`@${parentAuthor.username}`) ? text : `@${parentAuthor.username} ${text}`;
  const post = store.addPost({ author: authorId, text: stored, ...(parent === undefined ? {} : { inReplyTo: parent.id }) });
  posted.push({ post, body });
  return { status: 201, body: { data: { id: post.id, text, edit_history_tweet_ids: [post.id] } } };
}

function stripReplyMentions(text: string): string {
  return text.replace(/^(?:@\w{1,15}\s+)+/, '');
}

/** POST /2/dm_conversations/with/:participant_id/messages: text or attachments, at most 10,000 characters, to a known user. */
export function sendDm(store: FakeXStore, senderId: string, participantId: string, body: unknown, dms: FakeXDm[]): FakeXReply {
  if (!idPattern.test(participantId)) return invalidRequest(`The \`participant_id\` path parameter value [${participantId}] does not match ^[0-9]{1,19}$`);
  if (!isObject(body)) return invalidRequest('The request body must be a JSON object');
  const unknown = Object.keys(body).find((key) => key !== 'text' && key !== 'attachments');
  if (unknown !== undefined) return invalidRequest(`[${unknown}] is not a valid property of the request body`);
  const text = body.text;
  if (text === undefined && !Array.isArray(body.attachments)) return invalidRequest('At least one of text or attachments is required');
  if (text !== undefined && (typeof text !== 'string' || text === '' || [...text].length > 10_000)) return invalidRequest('$.text: must be 1 to 10000 characters');
  if (!store.users.has(participantId)) return forbidden('You cannot send messages to this user.');
  if (participantId === senderId) return forbidden('You cannot send a Direct Message to yourself.');
  const [low, high] = [senderId, participantId].sort((a, b) => (a.length === b.length ? a.localeCompare(b) : a.length - b.length));
  const dm: FakeXDm = { id: store.nextId(), conversationId: `${low}-${high}`, senderId, recipientId: participantId, text: typeof text === 'string' ? text : '', createdAt: store.now(), body };
  dms.push(dm);
  return { status: 201, body: { data: { dm_conversation_id: dm.conversationId, dm_event_id: dm.id } } };
}
