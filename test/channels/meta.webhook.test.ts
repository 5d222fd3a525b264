import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../common/limits.js';
import { messengerMessage, type MetaPayload } from '../../server/features/channels/meta/meta.fake-payloads.js';
import { metaJson, metaWebhookHeaders } from '../../server/features/channels/meta/meta.fake.js';
import { insertReceipts, openReceiptPayload } from '../../server/features/ingest/receipt.repo.js';
import { newId } from '../../server/infra/ids.js';
import { testEngines } from '../helpers/db.js';
import { ids, startMetaHarness, type MetaHarness } from './meta.harness.js';

describe.each(testEngines)('Meta webhook endpoint on %s', (engine) => {
  let h: MetaHarness;
  beforeAll(async () => {
    h = await startMetaHarness(engine);
  });
  afterAll(async () => h.close());

  const receipts = async () => (await h.t.runtime.ctx.db.kysely.selectFrom('receipts').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const health = async (platform: 'facebook' | 'instagram' | 'whatsapp') =>
    h.t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select(['health_status', 'health_detail']).where('id', '=', h.accounts[platform].id).executeTakeFirstOrThrow();
  const post = (platform: 'facebook' | 'instagram' | 'whatsapp', raw: string | Buffer, headers: Record<string, string>) =>
    h.t.app.inject({ method: 'POST', url: `/webhooks/${platform}/${h.accounts[platform].id}`, headers, payload: raw });
  const customerMessage = (mid: string, text = 'hello, world!') => messengerMessage({ pageId: ids.pageId, psid: '24681357', mid, text, at: Date.now() });

  it('answers the subscription handshake with hub.challenge only for the right verify token', async () => {
    const url = (token: string, challenge = '1158201444') => `/webhooks/facebook/${h.accounts.facebook.id}?hub.mode=subscribe&hub.challenge=${challenge}&hub.verify_token=${token}`;
    const ok = await h.t.app.inject({ method: 'GET', url: url(h.secrets.facebook.verifyToken) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect((await h.t.app.inject({ method: 'GET', url: url('meatyhamhock') })).statusCode).toBe(403);
    expect((await h.t.app.inject({ method: 'GET', url: url(h.secrets.facebook.verifyToken, '%3Cscript%3E') })).statusCode).toBe(400);
    const whatsapp = await h.t.app.inject({ method: 'GET', url: `/webhooks/whatsapp/${h.accounts.whatsapp.id}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${h.secrets.whatsapp.verifyToken}` });
    expect(whatsapp.body).toBe('42');
  });

  it('accepts a delivery signed like Meta signs it (escaped unicode, raw bytes) and stores the exact body', async () => {
    const payload = customerMessage('mid.sig-ok', 'Ça ne marche pas — 😡 https://example.com/a');
    const result = await h.deliver('facebook', payload);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ received: true, events: 1, skipped: 0 });
    const stored = await h.t.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select(['payload', 'source', 'account_id', 'status']).where('id', '=', (JSON.parse(result.body) as { receiptId: string }).receiptId).executeTakeFirstOrThrow();
    expect({ ...stored, payload: openReceiptPayload(h.t.runtime.ctx.secrets, stored.payload) }).toMatchObject({ payload: metaJson(payload), source: 'webhook:facebook', account_id: h.accounts.facebook.id, status: 'processed' });
    expect(openReceiptPayload(h.t.runtime.ctx.secrets, stored.payload)).toContain('\\u00c7a');
    const message = await h.findMessage('facebook', 'mid.sig-ok');
    const detail = await h.api<{ messages: Array<{ text: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages[0]?.text).toBe('Ça ne marche pas — 😡 https://example.com/a');
    expect((await health('facebook')).health_status).toBe('ok');
  });

  it('rejects a bad or missing signature with 401 problem+json and stores nothing', async () => {
    const before = await receipts();
    for (const signature of ['bad', 'missing'] as const) {
      const result = await h.deliver('facebook', customerMessage(`mid.sig-${signature}`), signature);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(await h.findMessage('facebook', `mid.sig-${signature}`)).toBeUndefined();
    }
    // A body altered after signing fails too: the signature covers the exact bytes.
    const raw = metaJson(customerMessage('mid.sig-tampered'));
    const tampered = await post('facebook', raw.replace('hello', 'HELLO'), metaWebhookHeaders(h.secrets.facebook.appSecret, raw));
    expect(tampered.statusCode).toBe(401);
    expect(await receipts()).toBe(before);
    expect((await health('facebook')).health_status).toBe('error');
    await h.deliver('facebook', customerMessage('mid.sig-recovered'));
    expect((await health('facebook')).health_status).toBe('ok');
  });

  it('treats a redelivered webhook as a success that changes nothing', async () => {
    const payload = customerMessage('mid.replayed', 'first time');
    expect((await h.deliver('facebook', payload)).status).toBe(200);
    expect((await h.deliver('facebook', payload)).status).toBe(200);
    const message = await h.findMessage('facebook', 'mid.replayed');
    const detail = await h.api<{ messages: Array<{ platformMessageId: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages.filter((m) => m.platformMessageId === 'mid.replayed')).toHaveLength(1);
  });

  it('records a payload of unknown shape, reports it in the account health and acknowledges it', async () => {
    const payload = { object: 'page', entry: [{ id: ids.pageId, time: Date.now(), changes: [{ field: 'ratings', value: { review_text: 'meh' } }] }] } as unknown as MetaPayload;
    const result = await h.deliver('facebook', payload);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ events: 0, skipped: 1 });
    const state = await health('facebook');
    expect(state.health_status).toBe('degraded');
    expect(state.health_detail).toContain('field "ratings" is not handled');
    const wrongObject = await h.deliver('facebook', { object: 'whatsapp_business_account', entry: [] });
    expect(JSON.parse(wrongObject.body)).toMatchObject({ skipped: 1 });
  });

  it('rejects a huge or deeply nested body with a clear 4xx and stores nothing', async () => {
    const before = await receipts();
    const secret = h.secrets.facebook.appSecret;
    const huge = JSON.stringify({ object: 'page', entry: [{ id: ids.pageId, pad: 'x'.repeat(limits.defaultBodyBytes + 10) }] });
    const tooBig = await post('facebook', huge, metaWebhookHeaders(secret, huge));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    const nested = `{"object":"page","entry":${'['.repeat(100)}${']'.repeat(100)}}`;
    const deep = await post('facebook', nested, metaWebhookHeaders(secret, nested));
    expect(deep.statusCode).toBe(400);
    expect(deep.json<{ detail: string }>().detail).toContain('nested deeper');
    const notJson = await post('facebook', 'not json', metaWebhookHeaders(secret, 'not json'));
    expect(notJson.statusCode).toBe(400);
    expect(await receipts()).toBe(before);
  });

  it('answers 404 for an unknown account, a channel mismatch or a channel without webhooks', async () => {
    const raw = metaJson(customerMessage('mid.nowhere'));
    const headers = metaWebhookHeaders(h.secrets.facebook.appSecret, raw);
    expect((await h.t.app.inject({ method: 'POST', url: `/webhooks/facebook/${newId()}`, headers, payload: raw })).statusCode).toBe(404);
    expect((await h.t.app.inject({ method: 'POST', url: `/webhooks/instagram/${h.accounts.facebook.id}`, headers, payload: raw })).statusCode).toBe(404);
    expect((await h.t.app.inject({ method: 'POST', url: `/webhooks/phone/${h.ws.accountId}`, headers, payload: raw })).statusCode).toBe(404);
  });

  it('replays a stored webhook receipt left unprocessed by a crash, through the same parser', async () => {
    const payload = customerMessage('mid.after-crash', 'sent just before the crash');
    await insertReceipts(h.t.runtime.ctx.db.kysely, [{
      id: newId(), workspace_id: h.ws.workspaceId, source: 'webhook:facebook', account_id: h.accounts.facebook.id, payload: metaJson(payload),
      status: 'pending', error: null, received_at: Date.now() - 120_000, processed_at: null,
    }], h.t.runtime.ctx.secrets);
    expect(await h.t.runtime.ingest.replayPending()).toBeGreaterThanOrEqual(1);
    await h.t.runtime.ingest.drain();
    const message = await h.findMessage('facebook', 'mid.after-crash');
    expect(message).toBeDefined();
  });
});
