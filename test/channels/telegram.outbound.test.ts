import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramError } from '../../server/features/channels/telegram/telegram.fake-api.js';
import { telegramGroupChat, telegramMessage, telegramPrivateChat, telegramText, telegramUpdate, type TelegramUserInput } from '../../server/features/channels/telegram/telegram.fake-payloads.js';
import { testEngines } from '../helpers/db.js';
import { startTelegramHarness, telegramBot, type TelegramHarness } from './telegram.harness.js';

describe.each(testEngines)('replies on Telegram on %s', (engine) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness(engine);
  });
  afterAll(async () => h.close());

  let updateId = 900;
  let userId = 8_000_000;
  const sendMessagePath = `/bot${telegramBot.token}/sendMessage`;
  /** A customer's private message; returns the user, the conversation and the message's key. */
  const privateChat = async (text = 'Where is my order?') => {
    const user: TelegramUserInput = { id: ++userId, first_name: 'Ana', username: `ana${userId}` };
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({ messageId: 1365, from: user, chat: telegramPrivateChat(user), at: Date.now(), content: telegramText(text) })));
    return { user, conversationId: (await h.findMessage(`${user.id}:1365`))?.conversation_id ?? '' };
  };
  const callsWith = (text: string) => h.fake.calls.filter((call) => (call.body as { text?: string } | undefined)?.text === text);
  const sentWith = (text: string) => h.fake.sent.filter((send) => send.text === text);

  it('answers a private chat with sendMessage: the token in the path, the documented body, the chat in the new message\'s id', async () => {
    const { user, conversationId } = await privateChat();
    const message = await h.reply(conversationId, { text: 'Sorry! Checking now.' });
    expect(message).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
    const [call] = callsWith('Sorry! Checking now.');
    expect(call).toMatchObject({ method: 'POST', path: sendMessagePath, status: 200 });
    expect(call?.body).toEqual({ chat_id: user.id, text: 'Sorry! Checking now.' });
    const [sent] = sentWith('Sorry! Checking now.');
    expect(message.platformMessageId).toBe(`${user.id}:${sent?.messageId}`);
    // The customer answers the bot's message: it joins the same conversation through reply_to_message.
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({
      messageId: 1367, from: user, chat: telegramPrivateChat(user), at: Date.now(), content: telegramText('Thanks'),
      replyTo: { message_id: sent?.messageId, from: { id: telegramBot.id, is_bot: true, first_name: telegramBot.firstName, username: telegramBot.username }, chat: telegramPrivateChat(user), date: 1, text: 'Sorry! Checking now.' },
    })));
    expect((await h.findMessage(`${user.id}:1367`))?.conversation_id).toBe(conversationId);
  });

  it('answers in a group by replying to the customer\'s message, and privately only to a user who started the bot', async () => {
    const group = telegramGroupChat(-1009876543210, 'Acme community');
    const pat: TelegramUserInput = { id: ++userId, first_name: 'Pat' };
    const sam: TelegramUserInput = { id: ++userId, first_name: 'Sam' };
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({ messageId: 77, from: pat, chat: group, at: Date.now(), content: telegramText('@acme_care_bot refund?') })));
    const conversationId = (await h.findMessage('-1009876543210:77'))?.conversation_id ?? '';
    expect((await h.reply(conversationId, { text: 'On its way!' })).visibility).toBe('public');
    expect(callsWith('On its way!')[0]?.body).toEqual({ chat_id: -1009876543210, text: 'On its way!', reply_parameters: { message_id: 77, allow_sending_without_reply: true } });
    expect(sentWith('On its way!')[0]).toMatchObject({ chatId: -1009876543210, replyToMessageId: 77 });

    const refused = await h.reply(conversationId, { text: 'Your order id?', visibility: 'private' });
    expect(refused).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('Forbidden: bot can\'t initiate conversation with a user') as string });
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({ messageId: 5, from: sam, chat: group, at: Date.now(), content: telegramText('@acme_care_bot me too') })));
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({ messageId: 1, from: sam, chat: telegramPrivateChat(sam), at: Date.now(), content: telegramText('/start') })));
    const samGroupConversation = (await h.findMessage('-1009876543210:5'))?.conversation_id ?? '';
    expect((await h.reply(samGroupConversation, { text: 'Sam, your order id?', visibility: 'private' })).deliveryStatus).toBe('sent');
    expect(callsWith('Sam, your order id?')[0]?.body).toEqual({ chat_id: sam.id, text: 'Sam, your order id?' });
  });

  it('follows a group that became a supergroup to its new chat id, sending once', async () => {
    const group = telegramGroupChat(-4001234, 'Old group', 'group');
    const kai: TelegramUserInput = { id: ++userId, first_name: 'Kai' };
    await h.deliver(telegramUpdate(++updateId, 'message', telegramMessage({ messageId: 3, from: kai, chat: group, at: Date.now(), content: telegramText('@acme_care_bot hi') })));
    h.fake.migrateChat(telegramBot.id, -4001234, -1004001234);
    const message = await h.reply((await h.findMessage('-4001234:3'))?.conversation_id ?? '', { text: 'Moved along' });
    expect(message).toMatchObject({ deliveryStatus: 'sent', platformMessageId: expect.stringMatching(/^-1004001234:\d+$/) as string });
    expect(callsWith('Moved along').map((call) => [(call.body as { chat_id: number }).chat_id, call.status])).toEqual([[-4001234, 400], [-1004001234, 200]]);
    expect(sentWith('Moved along')).toHaveLength(1);
  });

  describe('failures', () => {
    it('waits for flood control\'s retry_after and then posts exactly once', async () => {
      const { conversationId } = await privateChat();
      const untilMs = Date.now() + 1_200;
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

    it('retries a 5xx (Telegram\'s or a proxy\'s HTML page) with backoff until it succeeds', async () => {
      const { conversationId } = await privateChat();
      h.fake.failNext(1, telegramError(500, 'Internal Server Error'));
      h.fake.failNext(1, { status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>' });
      expect((await h.reply(conversationId, { text: 'After two 5xx' })).deliveryStatus).toBe('sent');
      expect(sentWith('After two 5xx')).toHaveLength(1);
    });

    it('fails when the user blocked the bot, with Telegram\'s description on the message and no retry', async () => {
      const { user, conversationId } = await privateChat();
      h.fake.blockChat(telegramBot.id, user.id);
      const message = await h.reply(conversationId, { text: 'Are you there?' });
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toBe('Telegram refused the message: Forbidden: bot was blocked by the user [error_code 403]');
      expect(callsWith('Are you there?')).toHaveLength(1);
    });

    it('shows a rejected bot token in the account health and on the message, and recovers', async () => {
      const { conversationId } = await privateChat();
      h.fake.failNext(1, telegramError(401, 'Unauthorized'));
      const message = await h.reply(conversationId, { text: 'Token test' });
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toContain('bot token was rejected');
      expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: 'Access token: rejected by Telegram: Unauthorized [error_code 401]' });
      expect((await h.reply(conversationId, { text: 'Token fixed' })).deliveryStatus).toBe('sent');
      expect((await h.health()).health_status).toBe('ok');
    });
  });
});
