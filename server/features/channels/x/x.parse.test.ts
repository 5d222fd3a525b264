import { describe, expect, it } from 'vitest';
import type { ChannelAccountRef } from '../channel.port.js';
import { parseXPage, parseXPayload } from './x.parse.js';
import { isoFromV1Date, isNewerId, snowflakeIso } from './x.parse-support.js';

const brand: ChannelAccountRef = { id: 'acc-1', platform: 'x', handle: 'brand', platform_account_id: '2244994945' };

// The documented examples of docs/CHANNELS.md §6.4–6.7, kept as they are written there.
const mention = {
  for_user_id: '2244994945', user_has_blocked: 'false',
  tweet_create_events: [{
    created_at: 'Fri Feb 14 19:00:55 +0000 2020',
    id: 1228393702244134912, id_str: '1228393702244134912',
    text: '@brand my order is late',
    in_reply_to_status_id_str: null, in_reply_to_user_id_str: '2244994945', in_reply_to_screen_name: 'brand',
    user: { id_str: '6253282', name: 'X API', screen_name: 'API' },
    entities: { hashtags: [], symbols: [], urls: [], user_mentions: [{ screen_name: 'brand', id_str: '2244994945', indices: [0, 6] }] },
    timestamp_ms: '1581706855000',
  }],
};
const dm = {
  for_user_id: '4337869213',
  direct_message_events: [{
    type: 'message_create', id: '954491830116155396', created_timestamp: '1516403560557',
    message_create: {
      target: { recipient_id: '4337869213' }, sender_id: '3001969357', source_app_id: '13090192',
      message_data: { text: 'Hello World!', entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
    },
  }],
  apps: { 13090192: { id: '13090192', name: 'FuriousCamperTestApp1', url: 'https://x.com/furiouscamper' } },
  users: {
    3001969357: {
      id: '3001969357', created_timestamp: '1422556069340', name: 'Jordan Brinks', screen_name: 'furiouscamper', protected: false, verified: false,
      followers_count: 22, friends_count: 45, statuses_count: 494, profile_image_url_https: 'https://pbs.twimg.com/…_normal.jpg',
    },
  },
};

describe('X payloads', () => {
  it('reads the documented Account Activity mention into a public inbound message by its id_str, never the lossy number', () => {
    const result = parseXPayload(mention, brand);
    expect(result.unrecognised).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({
      kind: 'message', channel: 'x', account: 'acc-1', platformMessageId: '1228393702244134912', visibility: 'public', direction: 'inbound',
      author: { platformUserId: '6253282', handle: 'API', displayName: 'X API' }, text: '@brand my order is late', sentAt: Date.parse('2020-02-14T19:00:55.000Z'),
    })]);
  });

  it('reads the documented DM with its users map; the brand\'s own DM is outbound to its recipient', () => {
    const account = { ...brand, platform_account_id: '4337869213' };
    const inbound = parseXPayload(dm, account);
    expect(inbound.events).toEqual([expect.objectContaining({
      platformMessageId: '954491830116155396', visibility: 'private', direction: 'inbound', text: 'Hello World!', sentAt: 1516403560557,
      author: { platformUserId: '3001969357', handle: 'furiouscamper', displayName: 'Jordan Brinks', followers: 22, verified: false },
    })]);
    const event = dm.direct_message_events[0];
    const echo = { ...dm, direct_message_events: [{ ...event, message_create: { ...event?.message_create, sender_id: '4337869213', target: { recipient_id: '3001969357' } } }] };
    expect(parseXPayload(echo, account).events[0]).toMatchObject({ direction: 'outbound', author: { platformUserId: '4337869213' }, recipient: { platformUserId: '3001969357', handle: 'furiouscamper' } });
  });

  it('reports a delivery for another subscribed user and unknown keys instead of guessing', () => {
    expect(parseXPayload({ ...mention, for_user_id: '99' }, brand)).toMatchObject({ events: [], unrecognised: [expect.stringContaining('X user 99, which is none of the X accounts on this webhook (2244994945)')] });
    expect(parseXPayload({ for_user_id: '2244994945', spaces_events: [] }, brand).unrecognised[0]).toContain('spaces_events');
    expect(parseXPayload({ for_user_id: '2244994945', favorite_events: [{}] }, brand)).toEqual({ events: [], unrecognised: [] });
  });

  it('reads the documented XAA mention envelope (a v2 Post) with its includes', () => {
    const xaa = {
      data: {
        event_uuid: '2080765813578191303', filter: { user_id: '1111111111111111111' }, event_type: 'post.mention.create', tag: 'mentions',
        payload: {
          id: '2080765813578191303', text: 'hey @ExampleUser', author_id: '2222222222222222222', created_at: '2026-07-24T21:23:23.000Z', conversation_id: '2080765813578191303',
          entities: { mentions: [{ start: 4, end: 16, username: 'ExampleUser', id: '1111111111111111111' }] },
          public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 },
          edit_history_tweet_ids: ['2080765813578191303'],
        },
        includes: { users: [{ id: '2222222222222222222', username: 'kim', name: 'Kim', verified: true, public_metrics: { followers_count: 5400 } }], tweets: [] },
      },
    };
    const result = parseXPayload(xaa, { ...brand, platform_account_id: '1111111111111111111' });
    expect(result.unrecognised).toEqual([]);
    expect(result.events[0]).toMatchObject({
      platformMessageId: '2080765813578191303', visibility: 'public', direction: 'inbound', text: 'hey @ExampleUser',
      author: { platformUserId: '2222222222222222222', handle: 'kim', followers: 5400, verified: true }, metrics: { reposts: 0, replies: 0, likes: 0 },
    });
  });

  it('reads the documented polling page: reply parent, thread root, metrics and the author from includes.users', () => {
    const page = {
      data: [{
        id: '1301573587187331074', text: 'Hey @XDevelopers, love the new API!', author_id: '1234567890', created_at: '2024-01-15T10:30:00.000Z',
        conversation_id: '1301573587187331074', in_reply_to_user_id: '2244994945', referenced_tweets: [{ type: 'replied_to', id: '1301570000000000000' }],
        edit_history_tweet_ids: ['1301573587187331074'], public_metrics: { retweet_count: 5, reply_count: 2, like_count: 42, quote_count: 1, bookmark_count: 0, impression_count: 311 },
      }],
      includes: { users: [{ id: '1234567890', username: 'developer', name: 'Dev Person', verified: false }] },
      meta: { newest_id: '1301573587187331074', oldest_id: '1301573587187331074', result_count: 1, next_token: 't3buvdr5pujq9g7bggsnf3ep2ha28' },
    };
    expect(parseXPage(page, brand).events).toEqual([expect.objectContaining({
      platformMessageId: '1301573587187331074', parentPlatformId: '1301570000000000000', author: { platformUserId: '1234567890', handle: 'developer', displayName: 'Dev Person', verified: false },
      metrics: { reposts: 5, replies: 2, likes: 42 }, sentAt: Date.parse('2024-01-15T10:30:00.000Z'),
    })]);
    expect(parseXPage({ meta: { result_count: 0 } }, brand)).toEqual({ events: [], unrecognised: [] });
  });

  it('skips reposts and the brand\'s own stand-alone posts, and reads the brand\'s replies as outbound', () => {
    const post = (extra: Record<string, unknown>) => ({ data: [{ id: '1301573587187331075', text: 'hi', author_id: '2244994945', created_at: '2024-01-15T10:30:00.000Z', ...extra }] });
    expect(parseXPage(post({}), brand).events).toEqual([]);
    expect(parseXPage(post({ author_id: '5', referenced_tweets: [{ type: 'retweeted', id: '1' }] }), brand).events).toEqual([]);
    expect(parseXPage(post({ in_reply_to_user_id: '5', referenced_tweets: [{ type: 'replied_to', id: '1301573587187331000' }] }), brand).events[0])
      .toMatchObject({ direction: 'outbound', recipient: { platformUserId: '5' }, parentPlatformId: '1301573587187331000' });
  });
});

describe('X deliveries for several handles on one webhook', () => {
  const shop: ChannelAccountRef = { id: 'acc-2', platform: 'x', handle: 'shop', platform_account_id: '1500000000000000001' };

  it('reads a delivery as the account whose X user id is its for_user_id, and one for nobody on the webhook as nobody\'s', () => {
    const forShop = parseXPayload({ ...mention, for_user_id: shop.platform_account_id }, brand, { peers: [shop] });
    expect(forShop.unrecognised).toEqual([]);
    expect(forShop.events).toEqual([expect.objectContaining({ account: 'acc-2', platformMessageId: '1228393702244134912', direction: 'inbound' })]);
    expect(parseXPayload(mention, brand, { peers: [shop] }).events[0]).toMatchObject({ account: 'acc-1' });
    const stranger = parseXPayload({ ...mention, for_user_id: '77' }, brand, { peers: [shop] });
    expect(stranger).toEqual({ events: [], unrecognised: ['for_user_id: delivery for X user 77, which is none of the X accounts on this webhook (2244994945, 1500000000000000001); not processed'] });
  });

  it('routes each X Activity API event by its filter.user_id, the peer\'s own DMs as its outbound messages', () => {
    const dmEvent = dm.direct_message_events[0];
    const sent = { ...dmEvent, message_create: { ...dmEvent?.message_create, sender_id: shop.platform_account_id, target: { recipient_id: '3001969357' } } };
    const xaa = { data: [
      { event_type: 'dm.sent', filter: { user_id: shop.platform_account_id }, payload: { direct_message_events: [sent] } },
      { event_type: 'dm.received', filter: { user_id: '88' }, payload: { direct_message_events: [dmEvent] } },
    ] };
    const result = parseXPayload(xaa, brand, { peers: [shop] });
    expect(result.events.map((event) => [event.kind, event.account, event.platformMessageId])).toEqual([['message', 'acc-2', '954491830116155396'], ['status', 'acc-2', '954491830116155396']]);
    expect(result.unrecognised).toEqual([expect.stringContaining('data[1].filter.user_id: delivery for X user 88')]);
  });

  it('marks the brand\'s own reply delivered when X echoes it, and a customer\'s post not', () => {
    const tweet = mention.tweet_create_events[0];
    const reply = { ...tweet, id_str: '1228393702244134999', user: { id_str: '2244994945', screen_name: 'brand' }, in_reply_to_status_id_str: tweet?.id_str, in_reply_to_user_id_str: '6253282' };
    const events = parseXPayload({ for_user_id: '2244994945', tweet_create_events: [reply] }, brand).events;
    expect(events.map((event) => [event.kind, event.platformMessageId, event.kind === 'status' ? event.status : event.kind === 'message' ? event.direction : ''])).toEqual([
      ['message', '1228393702244134999', 'outbound'], ['status', '1228393702244134999', 'delivered'],
    ]);
    expect(parseXPayload(mention, brand).events.map((event) => event.kind)).toEqual(['message']);
  });
});

describe('X ids and times', () => {
  it('orders snowflakes numerically and reads their embedded time', () => {
    expect(isNewerId('1301573587187331075', '1301573587187331074')).toBe(true);
    expect(isNewerId('999', '1000')).toBe(false);
    expect(snowflakeIso('1228393702244134912')).toBe('2020-02-14T19:00:55.723Z');
    expect(isoFromV1Date('Fri Feb 14 19:00:55 +0000 2020')).toBe('2020-02-14T19:00:55.000Z');
    expect(isoFromV1Date('Fri Feb 14 21:00:55 +0200 2020')).toBe('2020-02-14T19:00:55.000Z');
  });
});
