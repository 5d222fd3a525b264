import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { sweepReceiptPayloads } from '../server/features/ingest/receipt-retention.js';
import { insertReceipts, openReceiptPayload, readReceiptPayload, type StoredReceipt } from '../server/features/ingest/receipt.repo.js';
import { idsBefore, newId } from '../server/infra/ids.js';
import { createSecretBox } from '../server/infra/secret-box.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

const day = 86_400_000;

describe('receipt payload helpers', () => {
  it('opens sealed payloads and passes through plain ones written before payloads were sealed', () => {
    const box = createSecretBox('c'.repeat(64));
    const raw = '{"text":"card 4539 1488 0343 6467"}';
    expect(openReceiptPayload(box, box.seal(raw))).toBe(raw);
    expect(openReceiptPayload(box, raw)).toBe(raw);
    expect(openReceiptPayload(box, 'From: pat@example.com\r\n\r\nv1.hello')).toBe('From: pat@example.com\r\n\r\nv1.hello');
    expect(() => openReceiptPayload(createSecretBox('d'.repeat(64)), box.seal(raw))).toThrow();
  });

  it('bounds ids by time: every id made before an instant sorts below its bound', () => {
    const at = Date.parse('2026-10-01T00:00:00Z');
    expect(ulid(at - 1).toLowerCase() < idsBefore(at)).toBe(true);
    expect(ulid(at).toLowerCase() >= idsBefore(at)).toBe(true);
    expect(newId() < idsBefore(Date.now() + 1000)).toBe(true);
  });

  it('keeps payloads 30 days unless RAPPORT_RECEIPT_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig({}).receiptRetentionMs).toBe(30 * day);
    expect(loadConfig({ RAPPORT_RECEIPT_RETENTION_DAYS: '7' }).receiptRetentionMs).toBe(7 * day);
    expect(() => loadConfig({ RAPPORT_RECEIPT_RETENTION_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ RAPPORT_RECEIPT_RETENTION_DAYS: 'forever' })).toThrow(ConfigError);
  });
});

describe.each(testEngines)('raw receipt payloads on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
  });
  afterAll(async () => t.close());

  const db = () => t.runtime.ctx.db.kysely;
  const mention = (id: string, text: string) => ({
    kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public', author: { platformUserId: `author-${id}` }, text, sentAt: '2026-11-20T10:00:00Z',
  });
  const receipt = (overrides: Partial<StoredReceipt> & { payload: string }): StoredReceipt => ({
    id: newId(), workspace_id: ws.workspaceId, source: 'api', account_id: null, status: 'pending', error: null, received_at: Date.now() - 120_000, processed_at: null, ...overrides,
  });
  const storedPayload = async (receiptId: string) => (await db().selectFrom('receipt_payloads').select('payload').where('receipt_id', '=', receiptId).executeTakeFirst())?.payload;

  it('stores the payload sealed, so a card number a customer posted is not readable there either', async () => {
    const body = mention('rp-card', 'you charged my card 4539 1488 0343 6467 twice');
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${ws.slug}/inbound`, headers: bearer(ws.token), payload: body });
    expect(response.statusCode).toBe(202);
    const { receiptId } = response.json<{ receiptId: string }>();
    const stored = await storedPayload(receiptId) ?? '';
    expect(stored).toMatch(/^v1\./);
    for (const secret of ['4539', '6467', 'charged']) expect(stored).not.toContain(secret);
    const opened = await readReceiptPayload(db(), t.runtime.ctx.secrets, ws.workspaceId, receiptId);
    expect(JSON.parse(opened ?? '[]')).toEqual([body]);
    expect(await readReceiptPayload(db(), t.runtime.ctx.secrets, 'another-workspace', receiptId)).toBeUndefined();
  });

  it('replays sealed receipts, plain ones written before sealing, and marks one its key cannot open as failed', async () => {
    const sealed = receipt({ payload: JSON.stringify([mention('rp-sealed', 'sealed before the crash')]) });
    await insertReceipts(db(), [sealed], t.runtime.ctx.secrets);
    const legacy = receipt({ payload: JSON.stringify([mention('rp-legacy', 'stored in the clear by an older version')]) });
    const { payload: legacyPayload, ...legacyRow } = legacy;
    await db().insertInto('receipts').values(legacyRow).execute();
    await db().insertInto('receipt_payloads').values({ receipt_id: legacy.id, payload: legacyPayload }).execute();
    const foreign = receipt({ payload: JSON.stringify([mention('rp-foreign', 'sealed with another key')]) });
    await insertReceipts(db(), [foreign], createSecretBox('e'.repeat(64)));

    await t.runtime.ingest.replayPending();
    await t.runtime.ingest.drain();
    const statuses = await db().selectFrom('receipts').select(['id', 'status', 'error']).where('id', 'in', [sealed.id, legacy.id, foreign.id]).execute();
    const byId = new Map(statuses.map((row) => [row.id, row]));
    expect(byId.get(sealed.id)?.status).toBe('processed');
    expect(byId.get(legacy.id)?.status).toBe('processed');
    expect(byId.get(foreign.id)).toMatchObject({ status: 'failed' });
    expect(byId.get(foreign.id)?.error).toContain('cannot decode');
    const messages = await db().selectFrom('messages').select('platform_message_id').where('platform_message_id', 'in', ['rp-sealed', 'rp-legacy', 'rp-foreign']).execute();
    expect(messages.map((row) => row.platform_message_id).sort()).toEqual(['rp-legacy', 'rp-sealed']);
  });

  it('deletes the payloads of processed receipts past the retention, keeping the receipts and everything still needed', async () => {
    const now = Date.now();
    const old = now - 31 * day;
    const at = (time: number, status: string, text: string) => receipt({
      id: ulid(time).toLowerCase(), status, received_at: time, processed_at: status === 'pending' ? null : time + 1_000, payload: JSON.stringify([mention(`rp-${text}`, text)]),
    });
    const processedOld = [at(old - 2_000, 'processed', 'old-1'), at(old - 1_000, 'processed', 'old-2')];
    const processedRecent = at(now - 29 * day, 'processed', 'recent');
    const failedOld = at(old - 3_000, 'failed', 'failed-old');
    const pendingOld = at(old - 4_000, 'pending', 'pending-old');
    const all = [...processedOld, processedRecent, failedOld, pendingOld];
    await insertReceipts(db(), all, t.runtime.ctx.secrets);

    expect(await sweepReceiptPayloads(t.runtime.ctx, now)).toBe(2);
    for (const row of processedOld) expect(await storedPayload(row.id)).toBeUndefined();
    for (const row of [processedRecent, failedOld, pendingOld]) expect(openReceiptPayload(t.runtime.ctx.secrets, await storedPayload(row.id) ?? '')).toBe(row.payload);
    const receipts = await db().selectFrom('receipts').select('id').where('id', 'in', all.map((row) => row.id)).execute();
    expect(receipts).toHaveLength(all.length);
    expect(await sweepReceiptPayloads(t.runtime.ctx, now)).toBe(0);
    expect(await readReceiptPayload(db(), t.runtime.ctx.secrets, ws.workspaceId, processedOld[0]?.id ?? '')).toBeUndefined();
  });
});
