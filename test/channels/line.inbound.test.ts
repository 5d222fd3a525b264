import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lineFollowEvent, lineMedia, lineMessageEditedEvent, lineMessageEvent, lineText, lineUnsendEvent, lineWebhook, type LineSourceInput,
} from '../../server/features/channels/line/line.fake-payloads.js';
import { testEngines } from '../helpers/db.js';
import { lineIds, startLineHarness, type LineHarness } from './line.harness.js';
import type { MessageView } from './meta.harness.js';

type Detail = { conversation: { id: string; channel: string; visibility: string; contactId: string }; messages: MessageView[] };

describe.each(testEngines)('LINE events become conversations on %s', (engine) => {
  let h: LineHarness;
  beforeAll(async () => {
    h = await startLineHarness(engine);
  });
  afterAll(async () => h.close());

  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  const send = (source: LineSourceInput, at: number, message: Record<string, unknown>) => h.deliver(lineWebhook(lineIds.bot, [lineMessageEvent({ source, at, message })]));
  const detailOf = async (platformMessageId: string) => {
    const message = await h.findMessage(platformMessageId);
    expect(message, `message ${platformMessageId}`).toBeDefined();
    return (await h.api<Detail>('GET', `/conversations/${message?.conversation_id}`)).body;
  };

  it('turns a 1:1 chat into one private conversation of the user, with media, files, locations and stickers as metadata', async () => {
    const source = { type: 'user' as const, userId: lineIds.user('kenji') };
    await send(source, minutesAgo(10), lineText({ id: '500000000000000001', text: 'My order has not arrived' }));
    await send(source, minutesAgo(9), lineMedia({ id: '500000000000000002', type: 'image' }));
    await send(source, minutesAgo(8), { id: '500000000000000003', type: 'file', fileName: 'receipt.pdf', fileSize: 48213 });
    await send(source, minutesAgo(7), { id: '500000000000000004', type: 'location', title: 'Home', address: 'Shinjuku, Tokyo', latitude: 35.6938, longitude: 139.7034 });
    await send(source, minutesAgo(6), { id: '500000000000000005', type: 'sticker', packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC', keywords: ['sad'] });
    const detail = await detailOf('500000000000000001');
    expect(detail.conversation).toMatchObject({ channel: 'line', visibility: 'private' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.direction, m.visibility])).toEqual([
      ['500000000000000001', 'inbound', 'private'], ['500000000000000002', 'inbound', 'private'], ['500000000000000003', 'inbound', 'private'],
      ['500000000000000004', 'inbound', 'private'], ['500000000000000005', 'inbound', 'private'],
    ]);
    expect(detail.messages.slice(1).map((m) => m.attachments)).toEqual([
      [{ type: 'image' }],
      [{ type: 'file', name: 'receipt.pdf', sizeBytes: 48213 }],
      [{ type: 'location', latitude: 35.6938, longitude: 139.7034, name: 'Home, Shinjuku, Tokyo' }],
      [{ type: 'sticker', name: 'LINE sticker 446/1988', caption: 'sad' }],
    ]);
    const identity = await h.t.runtime.ctx.db.kysely.selectFrom('contact_identities').select(['platform', 'platform_user_id']).where('contact_id', '=', detail.conversation.contactId).executeTakeFirstOrThrow();
    expect(identity).toEqual({ platform: 'line', platform_user_id: lineIds.user('kenji') });
  });

  it('makes a group message a public conversation that a quote of it joins', async () => {
    const group = lineIds.group('acme-fans');
    await send({ type: 'group', groupId: group, userId: lineIds.user('aiko') }, minutesAgo(5), lineText({ id: '500000000000000100', text: '@Acme the app crashes on login' }));
    await send({ type: 'group', groupId: group, userId: lineIds.user('taro') }, minutesAgo(4), lineText({ id: '500000000000000101', text: 'same here', quotedMessageId: '500000000000000100' }));
    const detail = await detailOf('500000000000000100');
    expect(detail.conversation).toMatchObject({ channel: 'line', visibility: 'public' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.visibility, m.parentPlatformId])).toEqual([['500000000000000100', 'public', null], ['500000000000000101', 'public', '500000000000000100']]);
  });

  it('marks an unsent message as deleted by its author (never deletes it), applies edits, and skips follow/unfollow', async () => {
    const source = { type: 'user' as const, userId: lineIds.user('mei') };
    await send(source, minutesAgo(3), lineText({ id: '500000000000000200', text: 'wrong chat, sorry' }));
    await send(source, minutesAgo(3), lineText({ id: '500000000000000201', text: 'ordr 123' }));
    const result = await h.deliver(lineWebhook(lineIds.bot, [
      lineUnsendEvent({ source, at: minutesAgo(2), messageId: '500000000000000200' }),
      lineMessageEditedEvent({ source, at: minutesAgo(2), message: { id: '500000000000000201', type: 'text', text: 'order 123' } }),
      lineFollowEvent({ userId: lineIds.user('mei'), at: minutesAgo(1) }),
      lineFollowEvent({ userId: lineIds.user('mei'), at: minutesAgo(1), unfollow: true }),
    ]));
    expect(JSON.parse(result.body)).toMatchObject({ events: 2, skipped: 0 });
    const detail = await detailOf('500000000000000200');
    expect(detail.messages.find((m) => m.platformMessageId === '500000000000000200')).toMatchObject({ text: 'wrong chat, sorry', deletedByAuthorAt: expect.any(String) as string });
    expect(detail.messages.find((m) => m.platformMessageId === '500000000000000201')).toMatchObject({ text: 'order 123', editedAt: expect.any(String) as string });
    expect(detail.messages).toHaveLength(2);
  });
});
