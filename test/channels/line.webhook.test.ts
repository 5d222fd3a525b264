import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineMessageEvent, lineText, lineWebhook, lineWebhookEventId } from '../../server/features/channels/line/line.fake-payloads.js';
import { lineWebhookHeaders } from '../../server/features/channels/line/line.fake.js';
import { newId } from '../../server/infra/ids.js';
import { testEngines } from '../helpers/db.js';
import { lineIds, startLineHarness, type LineHarness } from './line.harness.js';
import { openReceiptPayload } from '../../server/features/ingest/receipt.repo.js';

describe.each(testEngines)('LINE webhook endpoint on %s', (engine) => {
  let h: LineHarness;
  beforeAll(async () => {
    h = await startLineHarness(engine);
  });
  afterAll(async () => h.close());

  const userId = lineIds.user('webhook-customer');
  const customerText = (id: string, text = 'hello', extra: { webhookEventId?: string; redelivery?: boolean } = {}) =>
    lineWebhook(lineIds.bot, [lineMessageEvent({ source: { type: 'user', userId }, at: Date.now(), message: lineText({ id, text }), ...extra })]);
  const post = (raw: string, headers: Record<string, string>) => h.t.app.inject({ method: 'POST', url: `/webhooks/line/${h.account.id}`, headers, payload: raw });

  it('accepts a delivery signed like LINE signs it (base64 HMAC of the raw UTF-8 bytes) and stores the exact body', async () => {
    const payload = customerText('480000000000000001', 'お届けが遅れています 😡 where is my order?');
    const result = await h.deliver(payload);
    expect(result.status).toBe(200);
    const receipt = JSON.parse(result.body) as { receiptId: string; events: number; skipped: number };
    expect(receipt).toMatchObject({ events: 1, skipped: 0 });
    const stored = await h.t.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select(['payload', 'source', 'account_id', 'status']).where('id', '=', receipt.receiptId).executeTakeFirstOrThrow();
    expect({ ...stored, payload: openReceiptPayload(h.t.runtime.ctx.secrets, stored.payload) }).toMatchObject({ payload: JSON.stringify(payload), source: 'webhook:line', account_id: h.account.id, status: 'processed' });
    const message = await h.findMessage('480000000000000001');
    const detail = await h.api<{ messages: Array<{ text: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages[0]?.text).toBe('お届けが遅れています 😡 where is my order?');
    expect((await h.health()).health_status).toBe('ok');
  });

  it('answers LINE\'s connection check (a signed body with no events) with 200 and stores no message', async () => {
    const result = await h.deliver(lineWebhook(lineIds.bot, []));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ received: true, events: 0, skipped: 0 });
  });

  it('rejects a bad, missing or tampered signature with 401 and stores nothing; the account shows it until a good delivery', async () => {
    const before = await h.receiptCount();
    for (const signature of ['bad', 'missing'] as const) {
      const result = await h.deliver(customerText(`48000000000000010${signature === 'bad' ? 1 : 2}`), signature);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    }
    const raw = JSON.stringify(customerText('480000000000000103', 'refund me'));
    expect((await post(raw.replace('refund me', 'REFUND ME'), lineWebhookHeaders(h.secrets.channelSecret, raw))).statusCode).toBe(401);
    expect(await h.receiptCount()).toBe(before);
    expect(await h.findMessage('480000000000000101')).toBeUndefined();
    expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: expect.stringContaining('x-line-signature') as string });
    await h.deliver(customerText('480000000000000104'));
    expect((await h.health()).health_status).toBe('ok');
  });

  it('treats a redelivered event (same webhookEventId, isRedelivery) as a success that changes nothing', async () => {
    const webhookEventId = lineWebhookEventId();
    expect((await h.deliver(customerText('480000000000000200', 'once', { webhookEventId }))).status).toBe(200);
    expect((await h.deliver(customerText('480000000000000200', 'once', { webhookEventId, redelivery: true }))).status).toBe(200);
    const message = await h.findMessage('480000000000000200');
    const detail = await h.api<{ messages: Array<{ platformMessageId: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages.filter((m) => m.platformMessageId === '480000000000000200')).toHaveLength(1);
  });

  it('records events of unknown type, reports them in the account health and acknowledges them', async () => {
    const result = await h.deliver(lineWebhook(lineIds.bot, [{ type: 'hologramCall', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId }, webhookEventId: lineWebhookEventId(), deliveryContext: { isRedelivery: false } }]));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ events: 0, skipped: 1 });
    expect(await h.health()).toMatchObject({ health_status: 'degraded', health_detail: expect.stringContaining('event type "hologramCall" is not handled') as string });
    const otherBot = await h.deliver(lineWebhook(lineIds.user('someone-elses-bot'), []));
    expect(JSON.parse(otherBot.body)).toMatchObject({ skipped: 1 });
  });

  it('answers 404 for an unknown account or a LINE delivery sent to another channel\'s URL', async () => {
    const raw = JSON.stringify(customerText('480000000000000300'));
    const headers = lineWebhookHeaders(h.secrets.channelSecret, raw);
    expect((await h.t.app.inject({ method: 'POST', url: `/webhooks/line/${newId()}`, headers, payload: raw })).statusCode).toBe(404);
    expect((await h.t.app.inject({ method: 'POST', url: `/webhooks/telegram/${h.account.id}`, headers, payload: raw })).statusCode).toBe(404);
  });
});
