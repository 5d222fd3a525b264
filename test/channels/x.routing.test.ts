import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../server/features/auth/actor.js';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { tweetCreateEvents, v1Tweet, v2PostObject, xaaDelivery } from '../../server/features/channels/x/x.fake-payloads.js';
import { createWorkspace } from '../../server/features/workspaces/workspace.service.js';
import type { ChannelAccountRow } from '../../server/infra/db/schema.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xSecrets, xUsers, type XHarness, type XMessageView } from './x.harness.js';

/** A second handle of the same brand, on the same X app (so the same webhook), and one on another app. */
const shop = { id: '1500000000000000001', username: 'acmeshop', name: 'Acme Shop', verified: true, followers: 8_000 };
const elsewhere = { id: '1500000000000000002', username: 'acmelabs', name: 'Acme Labs' };
const shopToken = 'x-shop-user-access-token';

describe.each(testEngines)('one X webhook for several handles on %s', (engine) => {
  let h: XHarness;
  let shopAccount: ChannelAccountRow;
  let labsAccount: ChannelAccountRow;
  beforeAll(async () => {
    h = await startXHarness(engine);
    h.fake.addUser(shop);
    h.fake.addUser(elsewhere);
    h.fake.addToken(shopToken, { userId: shop.id });
    const { ctx } = h.runtime;
    shopAccount = await createChannelAccount(ctx, h.ws.actor, { channel: 'x', handle: shop.username, platformAccountId: shop.id, credentials: { consumerSecret: xSecrets.consumerSecret, accessToken: shopToken } });
    labsAccount = await createChannelAccount(ctx, h.ws.actor, { channel: 'x', handle: elsewhere.username, platformAccountId: elsewhere.id, credentials: { consumerSecret: 'another-x-app-consumer-secret', accessToken: 'labs-token' } });
    // Another brand on this Rapport has connected the same X user through the same app: never a peer of this workspace.
    const other = await createWorkspace(ctx, { slug: `other-${engine}`, name: 'Other brand', timeZone: 'UTC' }, { type: 'system', id: null, userId: null });
    await createChannelAccount(ctx, systemActor(other.id), { channel: 'x', handle: 'acme-copy', platformAccountId: '1500000000000000003', credentials: { consumerSecret: xSecrets.consumerSecret, accessToken: 'copy-token' } });
    // The app's one webhook URL (the first account's) receives the Account Activity of both subscribed handles.
    for (const userId of [xUsers.brand.id, shop.id]) expect((await h.fake.subscribe(userId, h.webhookUrl())).valid).toBe(true);
  });
  afterAll(async () => h.close());

  const messagesOf = (platformMessageId: string) => h.runtime.ctx.db.kysely.selectFrom('messages').select(['account_id', 'conversation_id', 'direction', 'delivery_status'])
    .where('platform_message_id', '=', platformMessageId).orderBy('account_id').execute();
  const receiptCount = async () => Number((await h.runtime.ctx.db.kysely.selectFrom('receipts').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('reads a mention of the second handle, delivered to the first handle\'s webhook, as the second handle\'s', async () => {
    const post = h.fake.addPost({ author: xUsers.jane.id, text: '@acmeshop my order never shipped' });
    await h.fake.deliverPost(post);
    await h.settle();
    expect(await messagesOf(post.id)).toEqual([expect.objectContaining({ account_id: shopAccount.id, direction: 'inbound' })]);
    expect((await h.health()).health_status).toBe('ok');
    // A post about both handles comes once for each subscribed user: each account gets its own copy.
    const both = h.fake.addPost({ author: xUsers.kim.id, text: '@acmecare @acmeshop who handles refunds?' });
    await h.fake.deliverPost(both);
    await h.settle();
    const copies = await messagesOf(both.id);
    expect(copies.map((copy) => copy.account_id).sort()).toEqual([h.account.id, shopAccount.id].sort());
    expect(new Set(copies.map((copy) => copy.conversation_id)).size).toBe(2);
  });

  it('answers from the second handle with its own token; X\'s echo comes back through the shared webhook to that conversation', async () => {
    const post = h.fake.addPost({ author: xUsers.sam.id, text: '@acmeshop wrong size delivered' });
    await h.fake.deliverPost(post);
    await h.settle();
    const conversationId = (await messagesOf(post.id))[0]?.conversation_id ?? '';
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text: 'Sorry! A return label is on its way.' });
    const sent = await h.settled(conversationId, queued.body.id);
    await h.settle();
    const call = h.fake.calls.find((candidate) => (candidate.body as { text?: string } | undefined)?.text === 'Sorry! A return label is on its way.');
    expect(call).toMatchObject({ path: '/2/tweets', status: 201, authorization: `Bearer ${shopToken}` });
    const echo = await messagesOf(sent.platformMessageId ?? '');
    expect(echo).toEqual([expect.objectContaining({ account_id: shopAccount.id, conversation_id: conversationId, direction: 'outbound', delivery_status: 'delivered' })]);
  });

  it('routes direct messages, and X Activity API events, to the handle they are for', async () => {
    const dm = await h.fake.receiveDm({ from: xUsers.jane.id, to: shop.id, text: 'my order number is 4411' });
    await h.settle();
    expect(await messagesOf(dm.id)).toEqual([expect.objectContaining({ account_id: shopAccount.id, direction: 'inbound' })]);
    const post = h.fake.addPost({ author: xUsers.kim.id, text: 'hey @acmeshop, promo code not working' });
    await h.deliver(xaaDelivery({ eventType: 'post.mention.create', userId: shop.id, eventUuid: post.id, payload: v2PostObject(post), users: [xUsers.kim] }));
    expect(await messagesOf(post.id)).toEqual([expect.objectContaining({ account_id: shopAccount.id })]);
  });

  it('records a delivery for an X user that is none of the workspace\'s handles on this webhook, reports it, and processes nothing', async () => {
    const before = await receiptCount();
    for (const [userId, why] of [[elsewhere.id, 'a handle of this workspace on another X app'], ['1500000000000000003', 'another workspace\'s handle'], ['99999', 'nobody Rapport knows']]) {
      const post = h.fake.addPost({ author: xUsers.jane.id, text: `@acmeshop routed wrongly? ${userId}` });
      const result = await h.deliver(tweetCreateEvents(userId ?? '', [v1Tweet(post, h.fake.store.users)], { mention: true }));
      expect(result.status, why).toBe(200);
      expect(JSON.parse(result.body), why).toMatchObject({ events: 0, skipped: 1 });
      expect(await messagesOf(post.id), why).toEqual([]);
      expect(await h.health(), why).toEqual({ health_status: 'degraded', health_detail: expect.stringContaining(`delivery for X user ${userId ?? ''}, which is none of the X accounts on this webhook (${xUsers.brand.id}, ${shop.id})`) as string });
    }
    expect(await receiptCount()).toBe(before + 3);
    expect(labsAccount.health_status).toBe('unknown');
  });

  it('shows the second handle\'s conversations under its own account in the API', async () => {
    const listed = await h.api<{ items: Array<{ id: string; accountId: string }> }>('GET', `/conversations?accountId=${shopAccount.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThanOrEqual(4);
    expect(listed.body.items.every((item) => item.accountId === shopAccount.id)).toBe(true);
    const detail = await h.api<{ messages: XMessageView[] }>('GET', `/conversations/${listed.body.items[0]?.id ?? ''}`);
    expect(detail.body.messages.length).toBeGreaterThanOrEqual(1);
  });
});
