import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tweetCreateEvents, v1Tweet } from '../../server/features/channels/x/x.fake-payloads.js';
import { xSignature } from '../../server/features/channels/x/x.signature.js';
import { newId } from '../../server/infra/ids.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xSecrets, xUsers, type XHarness } from './x.harness.js';
import { openReceiptPayload } from '../../server/features/ingest/receipt.repo.js';

describe.each(testEngines)('X webhook endpoint on %s', (engine) => {
  let h: XHarness;
  beforeAll(async () => {
    h = await startXHarness(engine);
  });
  afterAll(async () => h.close());

  const receipts = async () => (await h.runtime.ctx.db.kysely.selectFrom('receipts').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const mentionPayload = (text: string) => {
    const post = h.fake.addPost({ author: xUsers.jane.id, text: `@${xUsers.brand.username} ${text}` });
    return { post, payload: tweetCreateEvents(xUsers.brand.id, [v1Tweet(post, h.fake.store.users)], { mention: true }) };
  };

  it('passes X\'s CRC check with the consumer secret (registration), and fails it for an account without one', async () => {
    const check = await h.fake.crc(h.webhookUrl());
    expect(check).toMatchObject({ valid: true, status: 200 });
    expect(JSON.parse(check.body)).toEqual({ response_token: expect.stringMatching(/^sha256=[A-Za-z0-9+/]{43}=$/) as string });
    const subscribed = await h.fake.subscribe(xUsers.brand.id, h.webhookUrl());
    expect(subscribed.valid).toBe(true);
    const direct = await h.app.inject({ method: 'GET', url: `/webhooks/x/${h.account.id}?crc_token=challenge_string` });
    expect(direct.json()).toEqual({ response_token: xSignature(xSecrets.consumerSecret, 'challenge_string') });
    const unconfigured = await h.fake.crc(h.webhookUrl().replace(h.account.id, h.ws.accountId));
    expect(unconfigured).toMatchObject({ valid: false, status: 403 });
  });

  it('accepts a delivery signed like X signs it and stores the exact body', async () => {
    const { post, payload } = mentionPayload('my bag never arrived 😡 & nobody answers <3');
    const result = await h.deliver(payload);
    expect(result.status).toBe(200);
    const receipt = JSON.parse(result.body) as { receiptId: string; events: number; skipped: number };
    expect(receipt).toMatchObject({ events: 1, skipped: 0 });
    const stored = await h.runtime.ctx.db.kysely.selectFrom('receipts').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'receipts.id').select(['payload', 'source', 'status']).where('id', '=', receipt.receiptId).executeTakeFirstOrThrow();
    expect({ ...stored, payload: openReceiptPayload(h.runtime.ctx.secrets, stored.payload) }).toMatchObject({ payload: JSON.stringify(payload), source: 'webhook:x', status: 'processed' });
    const message = await h.findMessage(post.id);
    const detail = await h.api<{ messages: Array<{ text: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages[0]?.text).toBe('@acmecare my bag never arrived 😡 & nobody answers <3');
    expect((await h.health()).health_status).toBe('ok');
  });

  it('rejects a bad, missing or stale signature with 401 and stores nothing', async () => {
    const before = await receipts();
    for (const signature of ['bad', 'missing'] as const) {
      const { post, payload } = mentionPayload(`signed ${signature}`);
      const result = await h.deliver(payload, signature);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(await h.findMessage(post.id)).toBeUndefined();
    }
    const { payload } = mentionPayload('tampered');
    const raw = JSON.stringify(payload);
    const tampered = await h.app.inject({
      method: 'POST', url: `/webhooks/x/${h.account.id}`, payload: raw.replace('tampered', 'TAMPERED'),
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignature(xSecrets.consumerSecret, raw) },
    });
    expect(tampered.statusCode).toBe(401);
    // The CRC signs like a delivery does: it must not sign a token shaped like a delivery.
    const oracle = await h.app.inject({ method: 'GET', url: `/webhooks/x/${h.account.id}?crc_token=${encodeURIComponent(raw)}` });
    expect(oracle.statusCode).toBe(400);
    expect(oracle.body).not.toContain('response_token');
    expect(await receipts()).toBe(before);
    expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: expect.stringContaining('x-twitter-webhooks-signature') as string });
    await h.deliver(mentionPayload('recovered').payload);
    expect((await h.health()).health_status).toBe('ok');
  });

  it('treats a redelivered webhook (or the same event for two subscribed users) as a success that changes nothing', async () => {
    const { post, payload } = mentionPayload('delivered twice');
    expect((await h.deliver(payload)).status).toBe(200);
    expect((await h.deliver(payload)).status).toBe(200);
    const message = await h.findMessage(post.id);
    const detail = await h.api<{ messages: Array<{ platformMessageId: string }> }>('GET', `/conversations/${message?.conversation_id}`);
    expect(detail.body.messages.filter((m) => m.platformMessageId === post.id)).toHaveLength(1);
  });

  it('records a payload of unknown shape, reports it in the account health and acknowledges it', async () => {
    const result = await h.deliver({ for_user_id: xUsers.brand.id, spaces_events: [{ id: '1' }] });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ events: 0, skipped: 1 });
    expect(await h.health()).toMatchObject({ health_status: 'degraded', health_detail: expect.stringContaining('spaces_events') as string });
    const foreign = await h.deliver(tweetCreateEvents('99999', []));
    expect(JSON.parse(foreign.body)).toMatchObject({ skipped: 1 });
    await h.deliver(mentionPayload('healthy again').payload);
  });

  it('answers 404 for an unknown account and for an account of another channel', async () => {
    const raw = JSON.stringify(tweetCreateEvents(xUsers.brand.id, []));
    const headers = { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignature(xSecrets.consumerSecret, raw) };
    expect((await h.app.inject({ method: 'POST', url: `/webhooks/x/${newId()}`, headers, payload: raw })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: `/webhooks/facebook/${h.account.id}`, headers, payload: raw })).statusCode).toBe(404);
  });
});
