import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xProblem } from '../../server/features/channels/x/x.fake-api.js';
import { tweetCreateEvents, v1Tweet } from '../../server/features/channels/x/x.fake-payloads.js';
import { bearer } from '../helpers/app.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xSecrets, xUsers, type XHarness } from './x.harness.js';

describe.each(testEngines)('replies on X on %s', (engine) => {
  let h: XHarness;
  beforeAll(async () => {
    h = await startXHarness(engine);
    // Account Activity is subscribed, so X echoes every post and DM the brand makes back to Rapport.
    expect((await h.fake.subscribe(xUsers.brand.id, h.webhookUrl())).valid).toBe(true);
  });
  afterAll(async () => h.close());

  let counter = 0;
  /** A customer's mention delivered to Rapport; returns the post and its conversation. */
  const mentionConversation = async (author: string = xUsers.jane.id) => {
    const post = h.fake.addPost({ author, text: `@acmecare problem number ${++counter}` });
    await h.deliver(tweetCreateEvents(xUsers.brand.id, [v1Tweet(post, h.fake.store.users)], { mention: true }));
    return { post, conversationId: (await h.findMessage(post.id))?.conversation_id ?? '' };
  };
  /** Queues a reply and returns it once sent (or failed) and X's echo of it, if any, came back. */
  const reply = async (conversationId: string, body: object) => {
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, body);
    expect(queued.status).toBe(201);
    await h.settled(conversationId, queued.body.id);
    await h.settle();
    return h.settled(conversationId, queued.body.id);
  };
  const postsWith = (text: string) => h.fake.posted.filter((item) => item.body.text === text);
  const callsWith = (text: string) => h.fake.calls.filter((call) => (call.body as { text?: string } | undefined)?.text === text);
  const outboundOf = async (conversationId: string) => (await h.api<{ messages: Array<{ direction: string; platformMessageId: string | null }> }>('GET', `/conversations/${conversationId}`))
    .body.messages.filter((m) => m.direction === 'outbound');

  it('replies in public with POST /2/tweets: the user token, the documented body, and the new post\'s id on the message', async () => {
    const { post, conversationId } = await mentionConversation();
    const message = await reply(conversationId, { text: 'Sorry Jane, we are on it.' });
    // X's echo of the reply (Account Activity is subscribed) is its word that the reply is in the thread: delivered.
    expect(message).toMatchObject({ deliveryStatus: 'delivered', deliveryError: null, visibility: 'public', parentPlatformId: post.id });
    const call = callsWith('Sorry Jane, we are on it.')[0];
    expect(call).toMatchObject({ method: 'POST', path: '/2/tweets', status: 201, authorization: `Bearer ${xSecrets.accessToken}` });
    expect(call?.body).toEqual({ text: 'Sorry Jane, we are on it.', reply: { in_reply_to_tweet_id: post.id } });
    expect(message.platformMessageId).toBe(postsWith('Sorry Jane, we are on it.')[0]?.post.id);
    // X's echo of the reply came back through the webhook and is the same message, not a second one.
    expect((await outboundOf(conversationId)).map((m) => m.platformMessageId)).toEqual([message.platformMessageId]);
  });

  it('answers a DM with POST /2/dm_conversations/with/:participant_id/messages', async () => {
    const dm = await h.fake.receiveDm({ from: xUsers.sam.id, to: xUsers.brand.id, text: 'my refund?' });
    await h.settle();
    const conversationId = (await h.findMessage(dm.id))?.conversation_id ?? '';
    const message = await reply(conversationId, { text: 'Refund sent today, Jordan.' });
    expect(message).toMatchObject({ deliveryStatus: 'delivered', visibility: 'private' });
    const call = callsWith('Refund sent today, Jordan.')[0];
    expect(call).toMatchObject({ method: 'POST', path: `/2/dm_conversations/with/${xUsers.sam.id}/messages`, status: 201, authorization: `Bearer ${xSecrets.accessToken}` });
    expect(call?.body).toEqual({ text: 'Refund sent today, Jordan.' });
    expect(message.platformMessageId).toBe(h.fake.dms.find((item) => item.text === 'Refund sent today, Jordan.')?.id);
    expect(await outboundOf(conversationId)).toHaveLength(1);
  });

  it('answers a public mention privately by DM to its author', async () => {
    const { conversationId } = await mentionConversation(xUsers.kim.id);
    const message = await reply(conversationId, { text: 'Kim, sending details by DM.', visibility: 'private' });
    expect(message.deliveryStatus).toBe('delivered');
    expect(callsWith('Kim, sending details by DM.')[0]?.path).toBe(`/2/dm_conversations/with/${xUsers.kim.id}/messages`);
  });

  it('waits for x-rate-limit-reset on a 429 and then posts exactly once', async () => {
    const { conversationId } = await mentionConversation();
    const untilMs = Date.now() + 1_500;
    h.fake.throttle('tweets', { untilMs });
    const message = await reply(conversationId, { text: 'Throttled but delivered' });
    h.fake.throttle('tweets', undefined);
    expect(message.deliveryStatus).toBe('delivered');
    expect(postsWith('Throttled but delivered')).toHaveLength(1);
    const attempts = callsWith('Throttled but delivered');
    expect(attempts.filter((call) => call.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(attempts.filter((call) => call.status === 201)).toHaveLength(1);
    expect(attempts.find((call) => call.status === 201)?.at).toBeGreaterThanOrEqual(untilMs);
  });

  it('retries a platform 5xx with backoff until it succeeds', async () => {
    const { conversationId } = await mentionConversation();
    h.fake.failNext(2, xProblem(503, 'Service Unavailable', 'Service Unavailable'), 'tweets');
    const message = await reply(conversationId, { text: 'After two 503s' });
    expect(message.deliveryStatus).toBe('delivered');
    expect(callsWith('After two 503s').map((call) => call.status)).toEqual([503, 503, 201]);
    expect(postsWith('After two 503s')).toHaveLength(1);
  });

  it('does not post twice when X took the reply but its answer was lost: the echo is adopted', async () => {
    const { conversationId } = await mentionConversation();
    h.fake.loseNextAnswer('tweets');
    const message = await reply(conversationId, { text: 'Answer lost on the way back' });
    expect(message.deliveryStatus).toBe('delivered');
    expect(postsWith('Answer lost on the way back')).toHaveLength(1);
    expect(message.platformMessageId).toBe(postsWith('Answer lost on the way back')[0]?.post.id);
    expect(await outboundOf(conversationId)).toHaveLength(1);
  });

  it('fails a reply X refuses for good (403) with X\'s reason on the message, without retrying', async () => {
    const { conversationId } = await mentionConversation();
    // (A reply over X's 280 characters never gets this far: the reply API refuses it, test/reply-rules.api.test.ts.)
    const refusedText = 'We are sorry, X will not take this one';
    h.fake.failNext(1, xProblem(403, 'Forbidden', 'You are not permitted to perform this action.'), 'tweets');
    const message = await reply(conversationId, { text: refusedText });
    expect(message.deliveryStatus).toBe('failed');
    expect(message.deliveryError).toBe('X refused the reply: Forbidden: You are not permitted to perform this action. (HTTP 403)');
    expect(callsWith(refusedText)).toHaveLength(1);
  });

  it('shows an expired token in the account health and on the message, never retrying it, and recovers with a valid one', async () => {
    const { conversationId } = await mentionConversation();
    h.fake.expireToken(xSecrets.accessToken);
    const message = await reply(conversationId, { text: 'Token expired meanwhile' });
    h.fake.expireToken(xSecrets.accessToken, false);
    expect(message).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('access token was rejected by X') as string });
    expect(callsWith('Token expired meanwhile')).toHaveLength(1);
    expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: 'Access token: rejected by X: Unauthorized (HTTP 401)' });
    expect((await reply(conversationId, { text: 'Token renewed' })).deliveryStatus).toBe('delivered');
    expect((await h.health()).health_status).toBe('ok');
  });

  it('records replies of an X account connected without credentials (fed by the inbound API) without calling X', async () => {
    const pushed = await h.app.inject({
      method: 'POST', url: `/api/v1/workspaces/${h.ws.slug}/inbound`, headers: bearer(h.ws.token),
      payload: { kind: 'message', channel: 'x', account: 'acme', platformMessageId: 'api-1', visibility: 'public', author: { platformUserId: 'u-1' }, text: 'hi', sentAt: new Date().toISOString() },
    });
    const conversationId = pushed.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId ?? '';
    const before = h.fake.calls.length;
    const message = await reply(conversationId, { text: 'Recorded for the integration' });
    expect(message).toMatchObject({ deliveryStatus: 'sent', platformMessageId: `recorded-${message.id}` });
    expect(h.fake.calls.length).toBe(before);
  });
});
