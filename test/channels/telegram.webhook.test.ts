import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramMessage, telegramPrivateChat, telegramText, telegramUpdate } from '../../server/features/channels/telegram/telegram.fake-payloads.js';
import { telegramWebhookHeaders } from '../../server/features/channels/telegram/telegram.fake.js';
import { testEngines } from '../helpers/db.js';
import { startTelegramHarness, type TelegramHarness } from './telegram.harness.js';
import { openReceiptPayload } from '../../server/features/ingest/receipt.repo.js';

describe.each(testEngines)('Telegram webhook endpoint on %s', (engine) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness(engine);
  });
  afterAll(async () => h.close());

  const ana = { id: 1111111, first_name: 'Ana', username: 'ana_k' };
  let updateId = 10_000;
  const customerText = (messageId: number, text = 'hello') => telegramUpdate(++updateId, 'message', telegramMessage({ messageId, from: ana, chat: telegramPrivateChat(ana), at: Date.now(), content: telegramText(text) }));

  it('accepts a delivery to the setWebhook URL carrying the secret token, and stores the exact body', async () => {
    const update = customerText(1365, '/start my order is late — ¿dónde está? 📦');
    const result = await h.deliver(update);
    expect(result.status).toBe(200);
    const receipt = JSON.parse(result.body) as { receiptId: string };
    expect(JSON.parse(result.body)).toMatchObject({ events: 1, skipped: 0 });
    const stored = await h.t.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select(['payload', 'source', 'status']).where('id', '=', receipt.receiptId).executeTakeFirstOrThrow();
    expect({ ...stored, payload: openReceiptPayload(h.t.runtime.ctx.secrets, stored.payload) }).toEqual({ payload: JSON.stringify(update), source: 'webhook:telegram', status: 'processed' });
    const message = await h.findMessage('1111111:1365');
    const detail = await h.api<{ messages: Array<{ text: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages[0]?.text).toBe('/start my order is late — ¿dónde está? 📦');
    expect((await h.health()).health_status).toBe('ok');
  });

  it('rejects a wrong or missing secret token with 401 and stores nothing; the account shows it until a good delivery', async () => {
    const before = await h.receiptCount();
    for (const secret of ['bad', 'missing'] as const) {
      const result = await h.deliver(customerText(secret === 'bad' ? 2001 : 2002), secret);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    }
    expect(await h.receiptCount()).toBe(before);
    expect(await h.findMessage('1111111:2001')).toBeUndefined();
    expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: expect.stringContaining('X-Telegram-Bot-Api-Secret-Token') as string });
    await h.deliver(customerText(2003));
    expect((await h.health()).health_status).toBe('ok');
  });

  it('treats a redelivered update (same update_id) as a success that changes nothing', async () => {
    const update = customerText(2100, 'only once');
    expect((await h.deliver(update)).status).toBe(200);
    expect((await h.deliver(update)).status).toBe(200);
    const message = await h.findMessage('1111111:2100');
    const detail = await h.api<{ messages: Array<{ platformMessageId: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages.filter((m) => m.platformMessageId === '1111111:2100')).toHaveLength(1);
  });

  it('records an update of unknown kind, reports it in the account health and acknowledges it', async () => {
    const result = await h.deliver({ update_id: ++updateId, hologram_call: { id: 'x' } });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ events: 0, skipped: 1 });
    expect(await h.health()).toMatchObject({ health_status: 'degraded', health_detail: expect.stringContaining('update kind "hologram_call" is not handled') as string });
    const skipped = await h.deliver(telegramUpdate(++updateId, 'callback_query', { id: '4382bfdwdsb323b2d9', from: { id: 1111111, is_bot: false, first_name: 'Ana' }, chat_instance: '1', data: 'x' }));
    expect(JSON.parse(skipped.body)).toMatchObject({ events: 0, skipped: 0 });
  });

  it('refuses a body that is not JSON with 400 even with the right secret, storing nothing', async () => {
    const before = await h.receiptCount();
    const response = await h.t.app.inject({ method: 'POST', url: `/webhooks/telegram/${h.account.id}`, headers: telegramWebhookHeaders(h.secrets.secretToken), payload: 'update_id=1' });
    expect(response.statusCode).toBe(400);
    expect(await h.receiptCount()).toBe(before);
  });
});
