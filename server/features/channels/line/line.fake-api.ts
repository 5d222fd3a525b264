import { randomUUID } from 'node:crypto';
import { lineToken } from './line.fake-payloads.js';

/** A LINE channel (bot) the fake knows, with the secret it signs webhooks with and the token it accepts. */
export interface LineFakeChannel {
  botUserId: string;
  channelSecret: string;
  channelAccessToken: string;
}

/** One message the fake accepted, as LINE would have delivered it. */
export interface LineFakeSend {
  kind: 'reply' | 'push';
  botUserId: string;
  /** The chat it went to: a user, group or room id. */
  to: string;
  text: string | undefined;
  quoteToken: string | undefined;
  /** The id the fake answered with. */
  id: string;
  retryKey: string | undefined;
}

/** An answer of the fake. */
export interface LineFakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the API handlers read and change. */
export interface LineFakeState {
  channels: Map<string, LineFakeChannel>;
  /** reply token → the chat it answers and when it was issued; single use. */
  replyTokens: Map<string, { botUserId: string; to: string; issuedAt: number; used: boolean }>;
  /** `${botUserId}:${chat id}` of every user, group and room that wrote to a bot. */
  chats: Set<string>;
  /** `${botUserId}:${retry key}` → the answer of the request that key executed. */
  retryKeys: Map<string, { requestId: string; sentMessages: Array<{ id: string; quoteToken: string }> }>;
  sent: LineFakeSend[];
  replyTokenTtlMs: number;
  now: () => number;
}

/** One POST as the handlers see it. */
export interface LineFakeRequest {
  channel: LineFakeChannel;
  endpoint: 'reply' | 'push';
  retryKey: string | undefined;
  body: Record<string, unknown>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const messageTypes = ['text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex', 'coupon'];

/** LINE's error body. */
export function lineError(status: number, message: string, details?: Array<{ message: string; property: string }>): LineFakeReply {
  return { status, body: { message, ...(details === undefined ? {} : { details }) }, headers: { 'x-line-request-id': randomUUID() } };
}

/** Checks the Authorization header as LINE does; answers with the channel or LINE's 401. */
export function authenticate(state: LineFakeState, authorization: string | undefined): LineFakeChannel | LineFakeReply {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) return lineError(401, 'Authorization header required. Must follow the scheme, \'Authorization: Bearer <ACCESS TOKEN>\'');
  const channel = [...state.channels.values()].find((candidate) => candidate.channelAccessToken === token);
  return channel ?? lineError(401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
}

/** Handles POST /v2/bot/message/reply and /push: body checks, reply-token rules and retry-key semantics. */
export function answerSend(state: LineFakeState, request: LineFakeRequest): LineFakeReply {
  const { channel, endpoint, retryKey, body } = request;
  if (retryKey !== undefined) {
    // Only push, multicast, narrowcast and broadcast take a retry key; LINE refuses it elsewhere with 400 (wording unverified).
    if (endpoint === 'reply') return lineError(400, 'The retry key is not supported for this API');
    if (!uuidPattern.test(retryKey)) return lineError(400, 'The value of the X-Line-Retry-Key header is invalid');
    const accepted = state.retryKeys.get(`${channel.botUserId}:${retryKey}`);
    if (accepted !== undefined) {
      return { status: 409, body: { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages }, headers: { 'x-line-request-id': randomUUID(), 'x-line-accepted-request-id': accepted.requestId } };
    }
  }
  const invalid = checkMessages(body.messages);
  if (invalid !== undefined) return invalid;
  let to: string;
  if (endpoint === 'reply') {
    const token = typeof body.replyToken === 'string' ? state.replyTokens.get(body.replyToken) : undefined;
    if (token === undefined || token.used || token.botUserId !== channel.botUserId || state.now() - token.issuedAt > state.replyTokenTtlMs) return lineError(400, 'Invalid reply token');
    token.used = true;
    to = token.to;
  } else {
    if (typeof body.to !== 'string' || !state.chats.has(`${channel.botUserId}:${body.to}`)) {
      return lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid user, group or room id', property: 'to' }]);
    }
    to = body.to;
  }
  return execute(state, request, to);
}

/** Carries out a valid send: records it and remembers its retry key. */
export function execute(state: LineFakeState, request: LineFakeRequest, to: string): LineFakeReply {
  const requestId = randomUUID();
  const messages = request.body.messages as Array<{ text?: string; quoteToken?: string }>;
  // Message ids are 18-digit numbers on LINE; a counter keeps the fake's unique.
  const sentMessages = messages.map((_message, index) => ({ id: `4612309668${String(state.sent.length + index + 1).padStart(8, '0')}`, quoteToken: lineToken(40) }));
  messages.forEach((message, index) => state.sent.push({
    kind: request.endpoint, botUserId: request.channel.botUserId, to, text: message.text, quoteToken: message.quoteToken, id: sentMessages[index]?.id ?? '', retryKey: request.retryKey,
  }));
  if (request.retryKey !== undefined) state.retryKeys.set(`${request.channel.botUserId}:${request.retryKey}`, { requestId, sentMessages });
  return { status: 200, body: { sentMessages }, headers: { 'x-line-request-id': requestId } };
}

function checkMessages(messages: unknown): LineFakeReply | undefined {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
    return lineError(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
  }
  const details: Array<{ message: string; property: string }> = [];
  (messages as unknown[]).forEach((message, index) => {
    const item = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
    if (!messageTypes.includes(String(item.type))) details.push({ message: `Must be one of the following values: [${messageTypes.join(', ')}]`, property: `messages[${index}].type` });
    else if (item.type === 'text' && (typeof item.text !== 'string' || item.text === '')) details.push({ message: 'May not be empty', property: `messages[${index}].text` });
    else if (item.type === 'text' && String(item.text).length > 5_000) details.push({ message: 'Length must be between 0 and 5000', property: `messages[${index}].text` });
    if (item.quoteToken !== undefined && typeof item.quoteToken !== 'string') details.push({ message: 'Must be a string', property: `messages[${index}].quoteToken` });
  });
  return details.length === 0 ? undefined : lineError(400, `The request body has ${details.length} error(s)`, details);
}

/** Carries a send out without the checks, as when LINE executed it and then failed to answer. */
export function acceptRegardless(state: LineFakeState, request: LineFakeRequest): void {
  const token = typeof request.body.replyToken === 'string' ? state.replyTokens.get(request.body.replyToken) : undefined;
  if (token !== undefined) token.used = true;
  execute(state, request, request.endpoint === 'push' ? String(request.body.to) : token?.to ?? '');
}
