import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineRetryKey } from '../../server/features/channels/line/line.client.js';
import { lineError } from '../../server/features/channels/line/line.fake-api.js';
import { lineMessageEvent, lineText, lineWebhook, type LineSourceInput } from '../../server/features/channels/line/line.fake-payloads.js';
import { testEngines } from '../helpers/db.js';
import { lineIds, startLineHarness, type LineHarness } from './line.harness.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testEngines)('replies on LINE on %s', (engine) => {
  let h: LineHarness;
  beforeAll(async () => {
    h = await startLineHarness(engine);
  });
  afterAll(async () => h.close());

  let counter = 0;
  /** A customer message `secondsAgo` old in a new 1:1 (or given) chat; returns its conversation and its reply token. */
  const customerWrote = async (options: { secondsAgo?: number; source?: LineSourceInput } = {}) => {
    counter += 1;
    const userId = lineIds.user(`outbound-${counter}`);
    const source = options.source ?? { type: 'user', userId };
    const id = `60000000000000${String(counter).padStart(4, '0')}`;
    const event = lineMessageEvent({ source, at: Date.now() - (options.secondsAgo ?? 1) * 1000, message: lineText({ id, text: 'Where is my order?' }) });
    await h.deliver(lineWebhook(lineIds.bot, [event]));
    const conversationId = (await h.findMessage(id))?.conversation_id ?? '';
    return { userId, conversationId, replyToken: String(event.replyToken), quoteToken: String((event.message as { quoteToken: string }).quoteToken) };
  };
  const callsWith = (text: string) => h.fake.calls.filter((call) => (call.body as { messages?: Array<{ text?: string }> } | undefined)?.messages?.[0]?.text === text);
  const sentWith = (text: string) => h.fake.sent.filter((send) => send.text === text);

  it('answers with the reply API while the token is fresh: Bearer token, the documented body, no retry key', async () => {
    const { userId, conversationId, replyToken } = await customerWrote();
    const message = await h.reply(conversationId, { text: 'Sorry! Checking now.' });
    expect(message).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
    const [call] = callsWith('Sorry! Checking now.');
    expect(call).toMatchObject({ method: 'POST', path: '/v2/bot/message/reply', status: 200, authorization: `Bearer ${h.secrets.channelAccessToken}`, retryKey: undefined });
    expect(call?.body).toEqual({ replyToken, messages: [{ type: 'text', text: 'Sorry! Checking now.' }] });
    expect(sentWith('Sorry! Checking now.')).toEqual([expect.objectContaining({ kind: 'reply', to: userId })]);
    expect(message.platformMessageId).toBe(sentWith('Sorry! Checking now.')[0]?.id);
  });

  it('pushes a second answer to the same message (a reply token is single-use), with a retry key derived from the reply', async () => {
    const { userId, conversationId } = await customerWrote();
    await h.reply(conversationId, { text: 'First answer' });
    const second = await h.reply(conversationId, { text: 'Second answer' });
    expect(second.deliveryStatus).toBe('sent');
    const [call] = callsWith('Second answer');
    expect(call).toMatchObject({ path: '/v2/bot/message/push', status: 200, authorization: `Bearer ${h.secrets.channelAccessToken}` });
    expect(call?.retryKey).toMatch(uuid);
    expect(call?.retryKey).toBe(lineRetryKey(`reply-${second.id}`));
    expect(call?.body).toEqual({ to: userId, messages: [{ type: 'text', text: 'Second answer' }] });
  });

  it('pushes at once when the reply token has expired, without spending a call on it', async () => {
    const { userId, conversationId } = await customerWrote({ secondsAgo: 300 });
    expect((await h.reply(conversationId, { text: 'Late but here' })).deliveryStatus).toBe('sent');
    expect(callsWith('Late but here').map((call) => [call.path, call.status])).toEqual([['/v2/bot/message/push', 200]]);
    expect(sentWith('Late but here')).toEqual([expect.objectContaining({ kind: 'push', to: userId })]);
  });

  it('falls back to push when LINE rejects a token Rapport thought valid, in the same attempt', async () => {
    const { conversationId } = await customerWrote();
    h.fake.expireReplyTokens();
    expect((await h.reply(conversationId, { text: 'Token gone' })).deliveryStatus).toBe('sent');
    expect(callsWith('Token gone').map((call) => [call.path, call.status])).toEqual([['/v2/bot/message/reply', 400], ['/v2/bot/message/push', 200]]);
    expect(sentWith('Token gone')).toHaveLength(1);
  });

  it('answers a group message in the group quoting it, and privately by push to its author', async () => {
    const author = lineIds.user('group-author');
    const group = lineIds.group('acme-support-group');
    const { conversationId, replyToken, quoteToken } = await customerWrote({ source: { type: 'group', groupId: group, userId: author } });
    expect((await h.reply(conversationId, { text: 'We are on it!' })).visibility).toBe('public');
    expect(callsWith('We are on it!')[0]?.body).toEqual({ replyToken, messages: [{ type: 'text', text: 'We are on it!', quoteToken }] });
    expect(sentWith('We are on it!')[0]).toMatchObject({ to: group, quoteToken });
    expect((await h.reply(conversationId, { text: 'Your order number, please?', visibility: 'private' })).deliveryStatus).toBe('sent');
    expect(callsWith('Your order number, please?')[0]?.body).toEqual({ to: author, messages: [{ type: 'text', text: 'Your order number, please?' }] });
  });

  describe('failures', () => {
    it('waits for a 429 to pass and then posts exactly once', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      const untilMs = Date.now() + 1_500;
      h.fake.throttle(untilMs);
      const message = await h.reply(conversationId, { text: 'Throttled but delivered' });
      h.fake.throttle(undefined);
      expect(message.deliveryStatus).toBe('sent');
      expect(sentWith('Throttled but delivered')).toHaveLength(1);
      const attempts = callsWith('Throttled but delivered');
      expect(attempts.filter((call) => call.status === 429).length).toBeGreaterThanOrEqual(1);
      expect(attempts.filter((call) => call.status === 200)).toHaveLength(1);
      expect(attempts.find((call) => call.status === 200)?.at).toBeGreaterThanOrEqual(untilMs);
    });

    it('retries a 5xx with backoff until LINE takes the message', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      h.fake.failNext(2, lineError(500, 'Internal server error'));
      expect((await h.reply(conversationId, { text: 'After two 500s' })).deliveryStatus).toBe('sent');
      expect(sentWith('After two 500s')).toHaveLength(1);
    });

    it('never posts twice when LINE executed a push but answered 500: the retry gets 409 for its key and counts as sent', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      h.fake.failNext(1, { ...lineError(500, 'Internal server error'), afterAccepting: true });
      const message = await h.reply(conversationId, { text: 'Exactly once' });
      expect(message.deliveryStatus).toBe('sent');
      expect(sentWith('Exactly once')).toHaveLength(1);
      const attempts = callsWith('Exactly once');
      expect(attempts.map((call) => call.status)).toEqual([500, 409]);
      expect(new Set(attempts.map((call) => call.retryKey)).size).toBe(1);
      expect(message.platformMessageId).toBe(sentWith('Exactly once')[0]?.id);
    });

    it('fails on a permanent 4xx with LINE\'s message and details on the reply', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      h.fake.failNext(1, lineError(400, 'The request body has 1 error(s)', [{ message: 'Must be one of the following values: [text]', property: 'messages[0].type' }]));
      const message = await h.reply(conversationId, { text: 'Bad body' });
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toContain('LINE refused the message: The request body has 1 error(s) (messages[0].type: Must be one of the following values: [text]) [HTTP 400]');
      expect(callsWith('Bad body')).toHaveLength(1);
    });

    it('stops pushing at the monthly message limit with the reason on the message and in the account health', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      h.fake.failNext(1, lineError(429, 'You have reached your monthly limit.'));
      const message = await h.reply(conversationId, { text: 'Over quota' });
      expect(message).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('You have reached your monthly limit.') as string });
      expect(callsWith('Over quota')).toHaveLength(1);
      expect(await h.health()).toMatchObject({ health_status: 'degraded', health_detail: expect.stringContaining('monthly message limit') as string });
      await h.reply(conversationId, { text: 'Quota back' });
      expect((await h.health()).health_status).toBe('ok');
    });

    it('shows a rejected channel access token in the account health and on the message, and recovers', async () => {
      const { conversationId } = await customerWrote({ secondsAgo: 300 });
      h.fake.failNext(1, lineError(401, 'Authentication failed. Confirm that the access token in the authorization header is valid.'));
      const message = await h.reply(conversationId, { text: 'Token test' });
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toContain('channel access token was rejected');
      expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: expect.stringContaining('Authentication failed') as string });
      await h.reply(conversationId, { text: 'Token fixed' });
      expect((await h.health()).health_status).toBe('ok');
    });
  });
});
