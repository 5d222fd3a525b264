import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCredentials, createChannelAccount } from '../../server/features/channels/account.service.js';
import { findAccountById } from '../../server/features/channels/channel-health.repo.js';
import { createXUserTokens } from '../../server/features/channels/x/x-tokens.js';
import { xProblem } from '../../server/features/channels/x/x.fake-api.js';
import type { FakeXTokenPair } from '../../server/features/channels/x/x.fake-oauth.js';
import { tweetCreateEvents, v1Tweet } from '../../server/features/channels/x/x.fake-payloads.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xSecrets, xUsers, type XHarness, type XMessageView } from './x.harness.js';

/** The app's OAuth 2.0 clients at the fake: a confidential one (Web App, with a secret) and a public one. */
const confidential = { clientId: 'cmFwcG9ydC1jb25maWRlbnRpYWw6MTpjaQ', clientSecret: 'kSwB1Ww0-confidential-client-secret' };
const publicClient = { clientId: 'cmFwcG9ydC1wdWJsaWM6MTpjaQ' };
const twoHoursMs = 2 * 3_600_000;

describe.each(testEngines)('X OAuth 2.0 user tokens on %s', (engine) => {
  let h: XHarness;
  beforeAll(async () => {
    // The confidential client is the app's, configured once for every account (RAPPORT_X_CLIENT_ID / _SECRET).
    h = await startXHarness(engine, { env: { RAPPORT_X_CLIENT_ID: confidential.clientId, RAPPORT_X_CLIENT_SECRET: confidential.clientSecret } });
    h.fake.addClient(confidential);
    h.fake.addClient(publicClient);
  });
  afterAll(async () => h.close());

  let serial = 0;
  /** A brand handle of its own, connected with a token pair X issued to a client, and a customer's mention waiting in it. */
  async function connect(options: { client?: { clientId: string; clientSecret?: string }; ownClient?: boolean; expiresInMs?: number; expiresAtInCredentials?: number } = {}) {
    serial += 1;
    const user = h.fake.addUser({ id: String(1_700_000_000_000_000_000n + BigInt(serial)), username: `acmebrand${serial}`, name: `Acme ${serial}` });
    const client = options.client ?? confidential;
    const pair = h.fake.issueTokens(user.id, { clientId: client.clientId, ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }) });
    const credentials: Record<string, string> = {
      consumerSecret: xSecrets.consumerSecret, accessToken: pair.accessToken, refreshToken: pair.refreshToken,
      expiresAt: new Date(options.expiresAtInCredentials ?? pair.expiresAt).toISOString(),
      ...(options.ownClient === true ? { clientId: client.clientId, ...(client.clientSecret === undefined ? {} : { clientSecret: client.clientSecret }) } : {}),
    };
    const account = await createChannelAccount(h.runtime.ctx, h.ws.actor, { channel: 'x', handle: user.username, platformAccountId: user.id, credentials });
    return { user, pair, account };
  }
  /** A customer's mention of the brand, delivered to the brand's webhook; returns its conversation. */
  async function mention(account: ChannelAccountRow, text: string): Promise<string> {
    const post = h.fake.addPost({ author: xUsers.jane.id, text: `@${account.handle} ${text}` });
    await h.fake.deliver(h.webhookUrl().replace(h.account.id, account.id), tweetCreateEvents(account.platform_account_id ?? '', [v1Tweet(post, h.fake.store.users)], { mention: true }));
    await h.settle();
    const message = await h.runtime.ctx.db.kysely.selectFrom('messages').select('conversation_id').where('account_id', '=', account.id).where('platform_message_id', '=', post.id).executeTakeFirstOrThrow();
    return message.conversation_id;
  }
  async function reply(conversationId: string, text: string): Promise<XMessageView> {
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text });
    expect(queued.status).toBe(201);
    return h.settled(conversationId, queued.body.id);
  }
  const stored = async (account: ChannelAccountRow) => {
    const row = await findAccountById(h.runtime.ctx.db.kysely, account.id);
    if (row === undefined) throw new Error('account gone');
    return { row, credentials: accountCredentials(h.runtime.ctx, row) };
  };
  const tokenCalls = (refreshTokens: string[]) => h.fake.calls.filter((call) => call.family === 'oauth2' && refreshTokens.includes((call.body as { refresh_token?: string } | undefined)?.refresh_token ?? ''));
  const tweetCalls = (text: string) => h.fake.calls.filter((call) => call.family === 'tweets' && (call.body as { text?: string } | undefined)?.text === text);
  const healthOf = async (account: ChannelAccountRow) => {
    const { row } = await stored(account);
    return { status: row.health_status, detail: row.health_detail };
  };

  it('renews a token about to expire before posting: one form-encoded refresh with Basic auth, the rotated pair stored sealed', async () => {
    const { pair, account } = await connect({ expiresInMs: 60_000 });
    const conversationId = await mention(account, 'where is my bag?');
    const message = await reply(conversationId, 'Tracing your bag now.');
    expect(message).toMatchObject({ deliveryStatus: expect.stringMatching(/^(sent|delivered)$/) as string, deliveryError: null });

    const [refresh, ...more] = tokenCalls([pair.refreshToken]);
    expect(more).toEqual([]);
    expect(refresh).toMatchObject({
      method: 'POST', path: '/2/oauth2/token', status: 200, contentType: 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${confidential.clientId}:${confidential.clientSecret}`).toString('base64')}`,
    });
    expect(refresh?.body).toEqual({ grant_type: 'refresh_token', refresh_token: pair.refreshToken, client_id: confidential.clientId });
    const [post] = tweetCalls('Tracing your bag now.');
    expect(post?.at).toBeGreaterThanOrEqual(refresh?.at ?? Infinity);
    expect(post).toMatchObject({ status: 201, authorization: expect.not.stringContaining(pair.accessToken) as string });

    // Rotation: the old refresh token is spent at X; the new pair is what Rapport keeps, encrypted.
    expect(h.fake.oauth.refreshTokenState(pair.refreshToken)).toBe('spent');
    const { row, credentials } = await stored(account);
    expect(post?.authorization).toBe(`Bearer ${credentials.accessToken}`);
    expect(h.fake.oauth.refreshTokenState(credentials.refreshToken ?? '')).toBe('active');
    expect(Date.parse(credentials.expiresAt ?? '') - Date.now()).toBeGreaterThan(twoHoursMs - 60_000);
    expect(credentials).toMatchObject({ consumerSecret: xSecrets.consumerSecret });
    for (const secret of [credentials.accessToken, credentials.refreshToken, pair.refreshToken]) expect(row.credentials).not.toContain(secret);
    expect(row).toMatchObject({ health_status: 'ok', token_refresh_lease_until: null });
  });

  it('renews on a 401 from X although expiresAt says the token is good (public client: client_id in the form), then posts once', async () => {
    const { pair, account } = await connect({ client: publicClient, ownClient: true });
    const conversationId = await mention(account, 'refund please');
    h.fake.expireToken(pair.accessToken);
    const message = await reply(conversationId, 'Refund on its way.');
    expect(message.deliveryError).toBeNull();
    expect(tweetCalls('Refund on its way.').map((call) => call.status)).toEqual([401, 201]);
    const [refresh] = tokenCalls([pair.refreshToken]);
    expect(refresh).toMatchObject({ status: 200, authorization: undefined });
    expect(refresh?.body).toEqual({ grant_type: 'refresh_token', refresh_token: pair.refreshToken, client_id: publicClient.clientId });
  });

  it('renews with the newest refresh token each time; X refuses a spent one (invalid_request as X words it, or invalid_grant)', async () => {
    const { pair, account } = await connect();
    const conversationId = await mention(account, 'seat change?');
    const used: string[] = [pair.refreshToken];
    for (const round of [1, 2]) {
      h.fake.expireToken((await stored(account)).credentials.accessToken ?? '');
      expect((await reply(conversationId, `Seat changed, round ${round}.`)).deliveryError).toBeNull();
      used.push((await stored(account)).credentials.refreshToken ?? '');
    }
    expect(tokenCalls(used).map((call) => (call.body as { refresh_token: string }).refresh_token)).toEqual(used.slice(0, 2));
    expect(new Set(used).size).toBe(3);

    const spend = (refreshToken: string) => fetch(`${h.fake.url}/2/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${confidential.clientId}:${confidential.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: confidential.clientId }).toString(),
    });
    const reused = await spend(pair.refreshToken);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    h.fake.oauth.refuseWith('invalid_grant');
    expect(await (await spend(used[1] ?? '')).json()).toMatchObject({ error: 'invalid_grant' });
    h.fake.oauth.refuseWith('invalid_request');
    // The fake's answers to a good refresh, as X documents them.
    const fresh = await spend(used[2] ?? '');
    expect(await fresh.json()).toEqual({ token_type: 'bearer', expires_in: 7200, access_token: expect.any(String) as string, scope: expect.stringContaining('offline.access') as string, refresh_token: expect.any(String) as string });
    // An access token past its two hours (here: one millisecond) gets X's 401 problem.
    const shortLived = h.fake.issueTokens(account.platform_account_id ?? '', { clientId: confidential.clientId, expiresInMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = await fetch(`${h.fake.url}/2/users/${account.platform_account_id ?? ''}/mentions`, { headers: { authorization: `Bearer ${shortLived.accessToken}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 });
  });

  it('renews once when several sends race for an expired token, and on another node the loser waits and uses the winner\'s pair', async () => {
    const { pair, account } = await connect({ expiresInMs: 30_000 });
    const conversations = await Promise.all([1, 2, 3, 4].map((n) => mention(account, `delayed flight ${n}`)));
    h.fake.delay('oauth2', 300);
    try {
      const messages = await Promise.all(conversations.map((conversationId, n) => reply(conversationId, `Rebooked you, passenger ${n + 1}.`)));
      expect(messages.map((message) => message.deliveryError)).toEqual([null, null, null, null]);
    } finally {
      h.fake.delay(undefined, 0);
    }
    expect(tokenCalls([pair.refreshToken])).toHaveLength(1);
    const { credentials } = await stored(account);
    const bearers = new Set([1, 2, 3, 4].flatMap((n) => tweetCalls(`Rebooked you, passenger ${n}.`).map((call) => call.authorization)));
    expect([...bearers]).toEqual([`Bearer ${credentials.accessToken}`]);

    // Two nodes sharing the database: each has its own token keeper; the claim on the row lets one of them refresh.
    const other = await connect({ expiresInMs: 30_000 });
    const nodes = [createXUserTokens(h.runtime.ctx), createXUserTokens(h.runtime.ctx)];
    h.fake.delay('oauth2', 400);
    let tokens: string[];
    try {
      tokens = await Promise.all(nodes.map((node) => node.current(other.account)));
    } finally {
      h.fake.delay(undefined, 0);
    }
    expect(tokenCalls([other.pair.refreshToken])).toHaveLength(1);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[0]).toBe((await stored(other.account)).credentials.accessToken);
    expect(tokens[0]).not.toBe(other.pair.accessToken);
  });

  it('shows X\'s refusal in the account\'s health and on the reply, never retries it, and recovers with new credentials', async () => {
    const { pair, account } = await connect({ expiresInMs: 30_000 });
    const conversationId = await mention(account, 'anyone there?');
    // Someone spent the refresh token elsewhere (another copy of the credentials): X refuses it now.
    const rotated = await fetch(`${h.fake.url}/2/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${confidential.clientId}:${confidential.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pair.refreshToken }).toString(),
    });
    expect(rotated.status).toBe(200);

    const failed = await reply(conversationId, 'We are here, sorry!');
    expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'X refused to renew the account\'s access token: invalid_request: Value passed for the token was invalid. (HTTP 400)' });
    expect(await healthOf(account)).toEqual({
      status: 'error', detail: 'Access token: X refused to renew it: invalid_request: Value passed for the token was invalid. (HTTP 400); connect the account again to give Rapport a new refresh token',
    });
    expect(tweetCalls('We are here, sorry!')).toEqual([]);
    const refusals = tokenCalls([pair.refreshToken]).filter((call) => call.status === 400);
    expect(refusals).toHaveLength(1);

    // No loop: the next reply fails at once, without asking X again with the refresh token it refused.
    const again = await reply(conversationId, 'Still here.');
    expect(again).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('connect the account again') as string });
    expect(tokenCalls([pair.refreshToken]).filter((call) => call.status === 400)).toHaveLength(1);
    expect(tweetCalls('Still here.')).toEqual([]);

    // The operator connects the account again: new credentials, a clean health, and replies go out.
    const renewed: FakeXTokenPair = h.fake.issueTokens(account.platform_account_id ?? '', { clientId: confidential.clientId });
    const patched = await h.api('PATCH', `/accounts/${account.id}`, { credentials: { consumerSecret: xSecrets.consumerSecret, accessToken: renewed.accessToken, refreshToken: renewed.refreshToken, expiresAt: new Date(renewed.expiresAt).toISOString() } });
    expect(patched.status).toBe(200);
    expect((await reply(conversationId, 'Back online, how can we help?')).deliveryError).toBeNull();
    expect((await healthOf(account)).status).toBe('ok');
  });

  it('ends a send that X refuses again after renewing: one renewal, two attempts, the reason in the health', async () => {
    const { pair, account } = await connect();
    const conversationId = await mention(account, 'hello?');
    h.fake.failNext(2, xProblem(401, 'Unauthorized', 'Unauthorized'), 'tweets');
    const message = await reply(conversationId, 'Hello from the care team.');
    expect(message).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('access token was rejected by X') as string });
    expect(tweetCalls('Hello from the care team.').map((call) => call.status)).toEqual([401, 401]);
    expect(tokenCalls([pair.refreshToken])).toHaveLength(1);
    expect(await healthOf(account)).toEqual({ status: 'error', detail: 'Access token: rejected by X: Unauthorized (HTTP 401)' });
  });

  it('retries a renewal X could not answer (503) with backoff, then posts once', async () => {
    const { pair, account } = await connect({ expiresInMs: 30_000 });
    const conversationId = await mention(account, 'lost luggage');
    h.fake.failNext(1, { status: 503, body: { error: 'temporarily_unavailable', error_description: 'Service Unavailable' } }, 'oauth2');
    const message = await reply(conversationId, 'Found your luggage.');
    expect(message.deliveryError).toBeNull();
    expect(h.fake.calls.filter((call) => call.family === 'oauth2').slice(-2).map((call) => call.status)).toEqual([503, 200]);
    expect(tokenCalls([pair.refreshToken]).filter((call) => call.status === 200)).toHaveLength(1);
    expect(tweetCalls('Found your luggage.').map((call) => call.status)).toEqual([201]);
    expect((await stored(account)).row.token_refresh_lease_until).toBeNull();
  });

  it('renews first when the account was connected with a refresh token alone', async () => {
    const { pair, account } = await connect();
    const patched = await h.api('PATCH', `/accounts/${account.id}`, { credentials: { consumerSecret: xSecrets.consumerSecret, refreshToken: pair.refreshToken } });
    expect(patched.status).toBe(200);
    const conversationId = await mention(account, 'just connected?');
    expect((await reply(conversationId, 'Yes, and answering.')).deliveryError).toBeNull();
    const [refresh] = tokenCalls([pair.refreshToken]);
    expect(tweetCalls('Yes, and answering.')).toEqual([expect.objectContaining({ status: 201, authorization: `Bearer ${(await stored(account)).credentials.accessToken ?? ''}` })]);
    expect(refresh?.status).toBe(200);
  });

  it('renews the user token a mentions poll runs with (an account without an app-only bearer token)', async () => {
    const { pair, account } = await connect({ expiresInMs: 30_000 });
    h.fake.addPost({ author: xUsers.kim.id, text: `@${account.handle} polled mention` });
    const created = await h.api<{ id: string }>('POST', '/listening/queries', { accountId: account.id, kind: 'mentions' });
    expect(created.status).toBe(201);
    await expect.poll(() => tokenCalls([pair.refreshToken]).length, { timeout: 15_000, interval: 50 }).toBe(1);
    const { credentials } = await stored(account);
    await expect.poll(() => h.fake.calls.filter((call) => call.family === 'mentions' && call.path === `/2/users/${account.platform_account_id ?? ''}/mentions`).map((call) => [call.status, call.authorization]), { timeout: 15_000, interval: 50 })
      .toEqual([[200, `Bearer ${credentials.accessToken}`]]);
  });
});
