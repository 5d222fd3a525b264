import { describe, expect, it } from 'vitest';
import type { ChannelAccountRef } from '../channel.port.js';
import { telegramGroupChat, telegramMessage, telegramPrivateChat, telegramText, telegramUpdate, telegramUser } from './telegram.fake-payloads.js';
import { parseTelegramMessageKey, parseTelegramUpdate, telegramMessageKey } from './telegram.parse.js';
import { verifyTelegramSecret } from './telegram.signature.js';

const account: ChannelAccountRef = { id: 'acc-tg', platform: 'telegram', handle: 'care_bot', platform_account_id: '7000000001' };
const ana = { id: 1111111, first_name: 'Ana', username: 'ana_k' };
const bot = { id: 7000000001, first_name: 'CareBot', username: 'care_bot', is_bot: true };
const group = telegramGroupChat(-1001234567890, 'Acme customers');
const at = 1_441_645_532_000;

// The documented Update (docs/CHANNELS.md §8.2).
const documented = {
  update_id: 10000,
  message: {
    message_id: 1365,
    from: { id: 1111111, is_bot: false, first_name: 'Ana', username: 'ana_k', language_code: 'en' },
    chat: { id: 1111111, type: 'private', first_name: 'Ana', username: 'ana_k' },
    date: 1441645532,
    text: '/start my order is late',
    entities: [{ offset: 0, length: 6, type: 'bot_command' }],
  },
};

describe('Telegram update parsing', () => {
  it('reads the documented private message with the chat in its id, the user\'s name and handle, at its date in seconds', () => {
    const result = parseTelegramUpdate(documented, account);
    expect(result.unrecognised).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({
      kind: 'message', channel: 'telegram', account: 'acc-tg', platformMessageId: '1111111:1365', visibility: 'private', direction: 'inbound',
      author: { platformUserId: '1111111', displayName: 'Ana', handle: 'ana_k' }, text: '/start my order is late', sentAt: 1441645532000,
    })]);
  });

  it('makes group messages public, links a reply to its parent in the same chat, and reads edits', () => {
    const parent = telegramMessage({ messageId: 40, from: bot, chat: group, at, content: telegramText('How can we help?') });
    const reply = parseTelegramUpdate(telegramUpdate(2, 'message', telegramMessage({ messageId: 41, from: ana, chat: group, at, content: telegramText('My parcel'), replyTo: parent })), account);
    expect(reply.events[0]).toMatchObject({ platformMessageId: '-1001234567890:41', visibility: 'public', parentPlatformId: '-1001234567890:40', author: { platformUserId: '1111111' } });
    const edited = parseTelegramUpdate(telegramUpdate(3, 'edited_message', telegramMessage({ messageId: 41, from: ana, chat: group, at, editedAt: at + 60_000, content: telegramText('My parcel #77') })), account);
    expect(edited.events).toEqual([{ kind: 'edit', channel: 'telegram', account: 'acc-tg', platformMessageId: '-1001234567890:41', text: 'My parcel #77', editedAt: at + 60_000 }]);
  });

  it('recognises the bot\'s own message as the brand\'s, sent to the private chat\'s user', () => {
    const own = parseTelegramUpdate(telegramUpdate(4, 'message', telegramMessage({ messageId: 1366, from: bot, chat: telegramPrivateChat(ana), at, content: telegramText('Sorry! Checking now.') })), account);
    expect(own.events[0]).toMatchObject({ direction: 'outbound', author: { platformUserId: '7000000001', handle: 'care_bot' }, recipient: { platformUserId: '1111111', displayName: 'Ana' } });
    const byUsername = parseTelegramUpdate(telegramUpdate(5, 'message', telegramMessage({ messageId: 1367, from: bot, chat: telegramPrivateChat(ana), at, content: telegramText('Hi') })), { ...account, platform_account_id: null });
    expect(byUsername.events[0]).toMatchObject({ direction: 'outbound' });
  });

  it('keeps photos (largest size), documents, voice, locations, venues and contacts as metadata, with the caption as text', () => {
    const chat = telegramPrivateChat(ana);
    const message = (id: number, content: Record<string, unknown>) => parseTelegramUpdate(telegramUpdate(id, 'message', telegramMessage({ messageId: id, from: ana, chat, at, content })), account).events[0];
    const photo = [{ file_id: 'small', file_unique_id: 'a', width: 90, height: 60, file_size: 1200 }, { file_id: 'big', file_unique_id: 'b', width: 1280, height: 853, file_size: 98_000 }];
    expect(message(10, { photo, caption: 'Broken on arrival' })).toMatchObject({ text: 'Broken on arrival', attachments: [{ type: 'image', sizeBytes: 98_000 }] });
    expect(message(11, { document: { file_name: 'receipt.pdf', mime_type: 'application/pdf', file_id: 'd', file_unique_id: 'd', file_size: 5120 } })).toMatchObject({ attachments: [{ type: 'file', name: 'receipt.pdf', mimeType: 'application/pdf', sizeBytes: 5120 }] });
    expect(message(12, { voice: { duration: 4, mime_type: 'audio/ogg', file_id: 'v', file_unique_id: 'v', file_size: 9000 } })).toMatchObject({ attachments: [{ type: 'audio', name: 'Voice message', mimeType: 'audio/ogg' }] });
    expect(message(13, { location: { latitude: 51.5007, longitude: -0.1246 } })).toMatchObject({ attachments: [{ type: 'location', latitude: 51.5007, longitude: -0.1246 }] });
    expect(message(14, { location: { latitude: 51.5, longitude: -0.12 }, venue: { location: { latitude: 51.5, longitude: -0.12 }, title: 'Acme Store', address: '1 High St' } })).toMatchObject({ attachments: [{ type: 'location', name: 'Acme Store, 1 High St' }] });
    expect(message(15, { contact: { phone_number: '+447700900123', first_name: 'Ola', last_name: 'N', user_id: 2222 } })).toMatchObject({ attachments: [{ type: 'contact', name: 'Ola N', caption: '+447700900123' }] });
    expect(message(16, { poll: { id: 'p', question: 'Which?', options: [] } })).toMatchObject({ text: '[Telegram poll]' });
  });

  it('skips service messages and channel posts silently, and reports update kinds it does not know', () => {
    expect(parseTelegramUpdate(telegramUpdate(20, 'message', { message_id: 1, date: 1, chat: group, from: telegramUser(ana), new_chat_members: [telegramUser(ana)] }), account)).toEqual({ events: [], unrecognised: [] });
    expect(parseTelegramUpdate(telegramUpdate(21, 'channel_post', { message_id: 1, date: 1, chat: { id: -100555, type: 'channel', title: 'Acme news' }, text: 'Sale!' }), account)).toEqual({ events: [], unrecognised: [] });
    expect(parseTelegramUpdate({ update_id: 22, hologram: {} }, account).unrecognised).toEqual(['update 22.hologram: update kind "hologram" is not handled']);
    expect(parseTelegramUpdate({ update_id: 'x' }, account).unrecognised).toHaveLength(1);
  });

  it('keys messages by chat, so the same message_id in two chats is two messages', () => {
    expect(telegramMessageKey(-1001234567890, 41)).toBe('-1001234567890:41');
    expect(parseTelegramMessageKey('-1001234567890:41')).toEqual({ chatId: '-1001234567890', messageId: 41 });
    expect(parseTelegramMessageKey('1111111:1365')).toEqual({ chatId: '1111111', messageId: 1365 });
    expect(parseTelegramMessageKey('recorded-x')).toBeUndefined();
    expect(parseTelegramMessageKey(null)).toBeUndefined();
  });

  it('checks the secret token header in constant time, and refuses when the account has none', () => {
    const check = (headers: Record<string, string>, secretToken?: string) => verifyTelegramSecret({ headers, query: {}, rawBody: Buffer.from('{}') }, secretToken === undefined ? {} : { secretToken });
    expect(check({ 'x-telegram-bot-api-secret-token': 's3cr3t_-OK' }, 's3cr3t_-OK')).toEqual({ valid: true });
    expect(check({ 'x-telegram-bot-api-secret-token': 's3cr3t_-OKx' }, 's3cr3t_-OK').valid).toBe(false);
    expect(check({}, 's3cr3t_-OK')).toMatchObject({ valid: false, reason: 'Missing X-Telegram-Bot-Api-Secret-Token header' });
    expect(check({ 'x-telegram-bot-api-secret-token': '' })).toMatchObject({ valid: false, reason: expect.stringContaining('secretToken') as string });
  });
});
