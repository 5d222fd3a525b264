import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramGroupChat, telegramMessage, telegramPrivateChat, telegramText, telegramUpdate, type TelegramUserInput } from '../../server/features/channels/telegram/telegram.fake-payloads.js';
import { testEngines } from '../helpers/db.js';
import type { MessageView } from './meta.harness.js';
import { startTelegramHarness, telegramBot, type TelegramHarness } from './telegram.harness.js';

type Detail = { conversation: { id: string; channel: string; visibility: string; contactId: string }; messages: MessageView[] };

describe.each(testEngines)('Telegram updates become conversations on %s', (engine) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness(engine);
  });
  afterAll(async () => h.close());

  let updateId = 500;
  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  const bot: TelegramUserInput = { id: telegramBot.id, first_name: telegramBot.firstName, username: telegramBot.username, is_bot: true };
  const write = (kind: string, input: Parameters<typeof telegramMessage>[0]) => h.deliver(telegramUpdate(++updateId, kind, telegramMessage(input)));
  const detailOf = async (platformMessageId: string) => {
    const message = await h.findMessage(platformMessageId);
    expect(message, `message ${platformMessageId}`).toBeDefined();
    return (await h.api<Detail>('GET', `/conversations/${message?.conversation_id}`)).body;
  };

  it('turns a private chat into one private conversation of the user, named and with attachments as metadata', async () => {
    const ola: TelegramUserInput = { id: 2222222, first_name: 'Ola', last_name: 'Nowak', username: 'olan' };
    const chat = telegramPrivateChat(ola);
    await write('message', { messageId: 10, from: ola, chat, at: minutesAgo(10), content: telegramText('My parcel arrived broken') });
    await write('message', { messageId: 11, from: ola, chat, at: minutesAgo(9), content: { photo: [{ file_id: 'AgAD1', file_unique_id: 'u1', width: 90, height: 67, file_size: 1250 }, { file_id: 'AgAD2', file_unique_id: 'u2', width: 1280, height: 960, file_size: 101_337 }], caption: 'See the box' } });
    await write('message', { messageId: 12, from: ola, chat, at: minutesAgo(8), content: { document: { file_name: 'invoice.pdf', mime_type: 'application/pdf', file_id: 'BQAD', file_unique_id: 'u3', file_size: 30_211 } } });
    await write('message', { messageId: 13, from: ola, chat, at: minutesAgo(7), content: { voice: { duration: 7, mime_type: 'audio/ogg', file_id: 'AwAD', file_unique_id: 'u4', file_size: 21_000 } } });
    await write('message', { messageId: 14, from: ola, chat, at: minutesAgo(6), content: { location: { latitude: 52.2297, longitude: 21.0122 } } });
    await write('message', { messageId: 15, from: ola, chat, at: minutesAgo(5), content: { contact: { phone_number: '+48500100200', first_name: 'Jan', last_name: 'Kowalski' } }, replyTo: { message_id: 10, from: { id: ola.id, is_bot: false, first_name: 'Ola' }, chat, date: Math.floor(minutesAgo(10) / 1000), text: 'My parcel arrived broken' } });
    const detail = await detailOf('2222222:10');
    expect(detail.conversation).toMatchObject({ channel: 'telegram', visibility: 'private' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.text, m.attachments])).toEqual([
      ['2222222:10', 'My parcel arrived broken', []],
      ['2222222:11', 'See the box', [{ type: 'image', sizeBytes: 101_337 }]],
      ['2222222:12', '', [{ type: 'file', name: 'invoice.pdf', mimeType: 'application/pdf', sizeBytes: 30_211 }]],
      ['2222222:13', '', [{ type: 'audio', name: 'Voice message', mimeType: 'audio/ogg', sizeBytes: 21_000 }]],
      ['2222222:14', '', [{ type: 'location', latitude: 52.2297, longitude: 21.0122 }]],
      ['2222222:15', '', [{ type: 'contact', name: 'Jan Kowalski', caption: '+48500100200' }]],
    ]);
    expect(detail.messages.at(-1)?.parentPlatformId).toBe('2222222:10');
    const contact = await h.t.runtime.ctx.db.kysely.selectFrom('contact_identities').select(['platform_user_id', 'handle', 'display_name']).where('contact_id', '=', detail.conversation.contactId).executeTakeFirstOrThrow();
    expect(contact).toEqual({ platform_user_id: '2222222', handle: 'olan', display_name: 'Ola Nowak' });
  });

  it('applies an edited message, keeping what was written before', async () => {
    const kim: TelegramUserInput = { id: 3333333, first_name: 'Kim' };
    const chat = telegramPrivateChat(kim);
    await write('message', { messageId: 30, from: kim, chat, at: minutesAgo(4), content: telegramText('ordr 55') });
    await write('edited_message', { messageId: 30, from: kim, chat, at: minutesAgo(4), editedAt: minutesAgo(3), content: telegramText('order 55') });
    const detail = await detailOf('3333333:30');
    expect(detail.messages[0]).toMatchObject({ text: 'order 55', editedAt: expect.any(String) as string });
  });

  it('makes group messages public; a reply in the group joins its parent; the same message_id in another chat is another message', async () => {
    const group = telegramGroupChat(-1001234567890, 'Acme customers');
    const pat: TelegramUserInput = { id: 4444444, first_name: 'Pat', username: 'pat' };
    const sam: TelegramUserInput = { id: 5555555, first_name: 'Sam' };
    await write('message', { messageId: 10, from: pat, chat: group, at: minutesAgo(3), content: telegramText('@acme_care_bot my refund?') });
    await write('message', { messageId: 11, from: sam, chat: group, at: minutesAgo(2), content: telegramText('same question'), replyTo: { message_id: 10, from: { id: pat.id, is_bot: false, first_name: 'Pat' }, chat: group, date: 1 } });
    const detail = await detailOf('-1001234567890:10');
    expect(detail.conversation).toMatchObject({ visibility: 'public' });
    expect(detail.messages.map((m) => [m.platformMessageId, m.visibility, m.parentPlatformId])).toEqual([['-1001234567890:10', 'public', null], ['-1001234567890:11', 'public', '-1001234567890:10']]);
    // Message 10 of Ola's private chat (first test) is a different message.
    expect((await h.findMessage('2222222:10'))?.conversation_id).not.toBe(detail.conversation.id);
  });

  it('records the bot\'s own message (sent outside Rapport) as the brand\'s answer in the user\'s conversation', async () => {
    const lee: TelegramUserInput = { id: 6666666, first_name: 'Lee' };
    const chat = telegramPrivateChat(lee);
    await write('message', { messageId: 1, from: lee, chat, at: minutesAgo(2), content: telegramText('hello?') });
    await write('message', { messageId: 2, from: bot, chat, at: minutesAgo(1), content: telegramText('Hi Lee, how can we help?') });
    const detail = await detailOf('6666666:1');
    expect(detail.messages.map((m) => [m.platformMessageId, m.direction, m.deliveryStatus])).toEqual([['6666666:1', 'inbound', 'received'], ['6666666:2', 'outbound', 'sent']]);
  });
});
