import { describe, expect, it } from 'vitest';
import type { ChannelAccountRef } from '../channel.port.js';
import { lineFollowEvent, lineMedia, lineMessageEditedEvent, lineMessageEvent, lineUnsendEvent, lineWebhook } from './line.fake-payloads.js';
import { findReplySource, parseLinePayload } from './line.parse.js';

const bot = 'U0123456789abcdef0123456789abcdef';
const account: ChannelAccountRef = { id: 'acc-line', platform: 'line', handle: 'acme', platform_account_id: bot };

// The documented text message event (docs/CHANNELS.md §7.2), 1:1 source.
const documented = {
  destination: bot,
  events: [{
    replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA', type: 'message', mode: 'active', timestamp: 1462629479859,
    source: { type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' }, webhookEventId: '01FZ74A0TDDPYRVKNK77XKC3ZR', deliveryContext: { isRedelivery: false },
    message: {
      id: '444573844083572737', type: 'text', quoteToken: 'q3Plxr4AgKd...', text: '@All @example Good Morning!! (love)',
      emojis: [{ index: 29, length: 6, productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }],
      mention: { mentionees: [{ index: 0, length: 4, type: 'all' }, { index: 5, length: 8, userId: 'U49585cd0d5abcdef0123456789abcdef', type: 'user', isSelf: false }] },
    },
  }],
};

describe('LINE webhook parsing', () => {
  it('reads the documented text message as a private message of its user, at its millisecond timestamp', () => {
    const result = parseLinePayload(documented, account);
    expect(result.unrecognised).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({
      kind: 'message', channel: 'line', account: 'acc-line', platformMessageId: '444573844083572737', visibility: 'private', direction: 'inbound',
      author: { platformUserId: 'U4af4980629abcdef0123456789abcdef' }, text: '@All @example Good Morning!! (love)', attachments: [], sentAt: 1462629479859,
    })]);
  });

  it('makes group and room messages public, authored by the user, and threads a quote to the quoted message', () => {
    const group = { type: 'group' as const, groupId: 'Ca56f94637cc4347f90a25382909b24b9', userId: 'U4af4980629abcdef0123456789abcdef' };
    const payload = lineWebhook(bot, [
      lineMessageEvent({ source: group, at: 1_700_000_000_000, message: { id: '1001', type: 'text', quoteToken: 'q', text: 'see above', quotedMessageId: '1000' } }),
      lineMessageEvent({ source: { type: 'room', roomId: 'Ra8dbf4673c4c812cd491258042226c99' }, at: 1_700_000_000_001, message: { id: '1002', type: 'text', quoteToken: 'q', text: 'hi' } }),
    ]);
    const [inGroup, inRoom] = parseLinePayload(payload, account).events;
    expect(inGroup).toMatchObject({ visibility: 'public', author: { platformUserId: group.userId }, parentPlatformId: '1000' });
    // LINE does not always say who wrote in a room: the room stands in for the author.
    expect(inRoom).toMatchObject({ visibility: 'public', author: { platformUserId: 'Ra8dbf4673c4c812cd491258042226c99' } });
  });

  it('keeps media, files, locations and stickers as metadata; only an external provider\'s URL becomes a link', () => {
    const source = { type: 'user' as const, userId: 'U1' };
    const at = 1_700_000_000_000;
    const payload = lineWebhook(bot, [
      lineMessageEvent({ source, at, message: lineMedia({ id: 'm1', type: 'image' }) }),
      lineMessageEvent({ source, at, message: lineMedia({ id: 'm2', type: 'video', duration: 6000, externalUrl: 'https://cdn.example.com/v.mp4' }) }),
      lineMessageEvent({ source, at, message: { id: 'm3', type: 'file', fileName: 'invoice.pdf', fileSize: 2138 } }),
      lineMessageEvent({ source, at, message: { id: 'm4', type: 'location', title: 'Shop', address: '1-6-1 Yotsuya, Tokyo', latitude: 35.687574, longitude: 139.72922 } }),
      lineMessageEvent({ source, at, message: { id: 'm5', type: 'sticker', packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC', keywords: ['happy', 'smile'] } }),
      lineMessageEvent({ source, at, message: lineMedia({ id: 'm6', type: 'audio', duration: 60000 }) }),
    ]);
    const result = parseLinePayload(payload, account);
    expect(result.unrecognised).toEqual([]);
    expect(result.events.map((event) => (event.kind === 'message' ? [event.text, event.attachments] : undefined))).toEqual([
      ['', [{ type: 'image' }]],
      ['', [{ type: 'video', url: 'https://cdn.example.com/v.mp4' }]],
      ['', [{ type: 'file', name: 'invoice.pdf', sizeBytes: 2138 }]],
      ['Shop, 1-6-1 Yotsuya, Tokyo', [{ type: 'location', latitude: 35.687574, longitude: 139.72922, name: 'Shop, 1-6-1 Yotsuya, Tokyo' }]],
      ['', [{ type: 'sticker', name: 'LINE sticker 446/1988', caption: 'happy, smile' }]],
      ['', [{ type: 'audio' }]],
    ]);
  });

  it('turns unsend into an author deletion and messageEdited into an edit; follow and unfollow are recognised and skipped', () => {
    const source = { type: 'user' as const, userId: 'U1' };
    const payload = lineWebhook(bot, [
      lineUnsendEvent({ source, at: 1_700_000_000_000, messageId: '325708' }),
      lineMessageEditedEvent({ source, at: 1_700_000_000_500, message: { id: '325709', type: 'text', text: 'fixed typo' } }),
      lineFollowEvent({ userId: 'U1', at: 1_700_000_001_000 }),
      lineFollowEvent({ userId: 'U1', at: 1_700_000_002_000, unfollow: true }),
    ]);
    const result = parseLinePayload(payload, account);
    expect(result.unrecognised).toEqual([]);
    expect(result.events).toEqual([
      { kind: 'delete', channel: 'line', account: 'acc-line', platformMessageId: '325708', deletedAt: 1_700_000_000_000 },
      { kind: 'edit', channel: 'line', account: 'acc-line', platformMessageId: '325709', text: 'fixed typo', editedAt: 1_700_000_000_500 },
    ]);
  });

  it('reports unknown event and message types, and events for another bot, instead of throwing', () => {
    const source = { type: 'user' as const, userId: 'U1' };
    const odd = parseLinePayload(lineWebhook(bot, [{ type: 'somethingNew', mode: 'active', timestamp: 1, source }, lineMessageEvent({ source, at: 1, message: { id: 'x', type: 'hologram' } })]), account);
    expect(odd.unrecognised).toEqual(['events[0]: event type "somethingNew" is not handled', 'events[1].message: message type "hologram" is not handled']);
    expect(parseLinePayload(lineWebhook('Uffffffffffffffffffffffffffffffff', []), account).unrecognised[0]).toContain('not this account\'s');
    expect(parseLinePayload({ events: 'nope' }, account).unrecognised).toHaveLength(1);
    expect(parseLinePayload({ destination: bot, events: [] }, account)).toEqual({ events: [], unrecognised: [] });
  });

  it('finds the reply token, chat and quote token of a stored message event', () => {
    expect(findReplySource(documented, '444573844083572737')).toEqual({
      chat: { to: 'U4af4980629abcdef0123456789abcdef', visibility: 'private', authorId: 'U4af4980629abcdef0123456789abcdef' },
      replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA', quoteToken: 'q3Plxr4AgKd...', at: 1462629479859,
    });
    expect(findReplySource(documented, 'other')).toBeUndefined();
  });
});
