import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directMessageEvents, dmEvent, tweetCreateEvents, tweetDeleteEvents, v1Tweet, v2PostObject, xaaDelivery } from '../../server/features/channels/x/x.fake-payloads.js';
import type { FakeXPost } from '../../server/features/channels/x/x.fake-store.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xUsers, type XHarness, type XMessageView } from './x.harness.js';

type Detail = { conversation: { id: string; channel: string; visibility: string; contactId: string }; messages: XMessageView[] };

describe.each(testEngines)('X events become conversations on %s', (engine) => {
  let h: XHarness;
  beforeAll(async () => {
    h = await startXHarness(engine);
  });
  afterAll(async () => h.close());

  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  const tweetsFor = (posts: FakeXPost[], mention = true) => tweetCreateEvents(xUsers.brand.id, posts.map((post) => v1Tweet(post, h.fake.store.users)), { mention });
  const detailOf = async (platformMessageId: string) => {
    const message = await h.findMessage(platformMessageId);
    expect(message, `message ${platformMessageId}`).toBeDefined();
    return (await h.api<Detail>('GET', `/conversations/${message?.conversation_id}`)).body;
  };
  const identity = (platformUserId: string) => h.runtime.ctx.db.kysely.selectFrom('contact_identities').selectAll().where('platform', '=', 'x').where('platform_user_id', '=', platformUserId).executeTakeFirst();

  it('turns a mention into a public conversation with the author\'s followers and verification; replies join it', async () => {
    const mention = h.fake.addPost({ author: xUsers.kim.id, text: '@acmecare flight AX12 cancelled, no rebooking offered', at: minutesAgo(30), metrics: { retweet_count: 12, like_count: 40 } });
    const reply = h.fake.addPost({ author: xUsers.jane.id, text: 'same here, stuck at the gate', inReplyTo: mention.id, at: minutesAgo(29) });
    await h.deliver(tweetsFor([mention, reply]));
    const detail = await detailOf(mention.id);
    expect(detail.conversation).toMatchObject({ channel: 'x', visibility: 'public' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.direction, m.parentPlatformId])).toEqual([[mention.id, 'inbound', null], [reply.id, 'inbound', mention.id]]);
    expect(await identity(xUsers.kim.id)).toMatchObject({ handle: 'kimtravels', display_name: 'Kim Lee', followers: 54_000, verified: 1 });
  });

  it('keeps a quote post as its own public conversation that refers to the quoted post, and joins it when that post is known', async () => {
    const original = h.fake.addPost({ author: xUsers.jane.id, text: '@acmecare where is my refund?', at: minutesAgo(20) });
    await h.deliver(tweetsFor([original]));
    const quote = h.fake.addPost({ author: xUsers.kim.id, text: 'This. @acmecare owes us all refunds', quoteOf: original.id, at: minutesAgo(19) });
    await h.deliver(tweetsFor([quote]));
    expect((await h.findMessage(quote.id))?.conversation_id).toBe((await h.findMessage(original.id))?.conversation_id);
    const unknownQuoted = h.fake.addPost({ author: xUsers.kim.id, text: 'lol @acmecare', quoteOf: '1228393702244134912', at: minutesAgo(18) });
    await h.deliver(tweetsFor([unknownQuoted]));
    expect((await detailOf(unknownQuoted.id)).messages).toHaveLength(1);
  });

  it('records the brand\'s own reply (posted on X itself) as an outbound message in the customer\'s conversation', async () => {
    const mention = h.fake.addPost({ author: xUsers.jane.id, text: '@acmecare bag lost at LHR', at: minutesAgo(15) });
    await h.deliver(tweetsFor([mention]));
    const answer = h.fake.addPost({ author: xUsers.brand.id, text: '@jane_flies so sorry Jane, DM us your file reference', inReplyTo: mention.id, at: minutesAgo(14) });
    const broadcast = h.fake.addPost({ author: xUsers.brand.id, text: 'Our summer schedule is live!', at: minutesAgo(14) });
    await h.deliver(tweetsFor([answer, broadcast], false));
    const detail = await detailOf(mention.id);
    expect(detail.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([[mention.id, 'inbound'], [answer.id, 'outbound']]);
    expect(await h.findMessage(broadcast.id)).toBeUndefined();
  });

  it('turns DMs into a private conversation; the brand\'s own DMs are outbound echoes in it', async () => {
    const at = minutesAgo(10);
    const customer = { id: '954491830116155396', senderId: xUsers.sam.id, recipientId: xUsers.brand.id, text: 'Hello World!', createdAt: at };
    const brandDm = { id: '954491830116155397', senderId: xUsers.brand.id, recipientId: xUsers.sam.id, text: 'Hi Jordan, how can we help?', createdAt: at + 60_000 };
    await h.deliver(directMessageEvents(xUsers.brand.id, [dmEvent(customer)], [xUsers.sam]));
    await h.deliver(directMessageEvents(xUsers.brand.id, [dmEvent(brandDm)], [xUsers.brand, xUsers.sam]));
    const detail = await detailOf(customer.id);
    expect(detail.conversation).toMatchObject({ visibility: 'private', channel: 'x' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.direction, m.visibility, m.text])).toEqual([
      [customer.id, 'inbound', 'private', 'Hello World!'],
      [brandDm.id, 'outbound', 'private', 'Hi Jordan, how can we help?'],
    ]);
    expect(await identity(xUsers.sam.id)).toMatchObject({ handle: 'furiouscamper', followers: 22 });
  });

  it('marks a post its author deleted, keeping it in the conversation', async () => {
    const mention = h.fake.addPost({ author: xUsers.jane.id, text: '@acmecare you are the worst airline', at: minutesAgo(5) });
    await h.deliver(tweetsFor([mention]));
    await h.deliver(tweetDeleteEvents(xUsers.brand.id, [{ id: mention.id, userId: xUsers.jane.id, at: minutesAgo(4) }]));
    const detail = await detailOf(mention.id);
    expect(detail.messages[0]).toMatchObject({ platformMessageId: mention.id, deletedByAuthorAt: expect.any(String) as string });
  });

  it('reads X Activity API deliveries: a mention as a v2 Post with its includes, and DMs', async () => {
    const mention = h.fake.addPost({ author: xUsers.kim.id, text: 'hey @acmecare, wifi on AX7 is down', at: minutesAgo(3) });
    await h.deliver(xaaDelivery({ eventType: 'post.mention.create', userId: xUsers.brand.id, eventUuid: mention.id, payload: v2PostObject(mention), users: [xUsers.kim] }));
    expect((await detailOf(mention.id)).conversation.visibility).toBe('public');
    const dm = { id: '954491830116155399', senderId: xUsers.kim.id, recipientId: xUsers.brand.id, text: 'sent you my booking code', createdAt: minutesAgo(2) };
    const users = { [xUsers.kim.id]: { data: { id: xUsers.kim.id, username: xUsers.kim.username, name: xUsers.kim.name } } };
    await h.deliver(xaaDelivery({ eventType: 'dm.received', userId: xUsers.brand.id, eventUuid: dm.id, payload: { direct_message_events: [dmEvent(dm)], users } }));
    expect((await detailOf(dm.id)).conversation.visibility).toBe('private');
    const chat = await h.deliver(xaaDelivery({ eventType: 'chat.received', userId: xUsers.brand.id, eventUuid: '1', payload: { encrypted: 'x' } }));
    expect(JSON.parse(chat.body)).toMatchObject({ events: 0, skipped: 1 });
  });
});
