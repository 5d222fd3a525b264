import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerEcho, messengerEvent, whatsappMessage, whatsappStatus } from '../../server/features/channels/meta/meta.fake-payloads.js';
import type { OutboundAdapter } from '../../server/features/channels/outbound.port.js';
import { pendingStatusTtlMs, sweepPendingStatuses } from '../../server/features/ingest/pending-statuses.js';
import { testEngines } from '../helpers/db.js';
import { ids, startMetaHarness, type MetaHarness } from './meta.harness.js';

/**
 * A platform's delivery status can arrive before the send job has stored the platform's id for the message (the
 * webhook races the send call's answer). Such a status is kept, not dropped, and applied when the id is stored.
 */
describe.each(testEngines)('delivery statuses that arrive before the message id is stored, on %s', (engine) => {
  let h: MetaHarness;
  beforeAll(async () => {
    h = await startMetaHarness(engine);
  });
  afterAll(async () => h.close());

  const db = () => h.t.runtime.ctx.db.kysely;
  const pendingRows = () => db().selectFrom('pending_statuses').select(['platform_message_id', 'status', 'error']).execute();
  let counter = 0;

  /** A WhatsApp conversation with a customer who wrote a minute ago (inside the 24-hour window). */
  const whatsappConversation = async () => {
    const waId = `4477009005${String(++counter).padStart(2, '0')}`;
    const id = `wamid.order.${counter}`;
    await h.deliver('whatsapp', whatsappMessage(ids.whatsapp, { waId, id, at: Date.now() - 60_000, message: { type: 'text', text: { body: 'Where is my refund?' } } }));
    return { waId, conversationId: (await h.findMessage('whatsapp', id))?.conversation_id ?? '' };
  };

  /**
   * Sends WhatsApp replies through the real adapter (and the Graph fake), but before the send returns to the job (which
   * then stores the platform id) the platform's status webhooks arrive and are processed.
   */
  const statusesBeforeTheSendReturns = (waId: string, statuses: Array<Parameters<typeof whatsappStatus>[1]['status']>, seen: Array<Awaited<ReturnType<typeof pendingRows>>>) => {
    const real = h.t.runtime.ctx.outbound.adapterFor('whatsapp');
    const racing: OutboundAdapter = {
      platform: 'whatsapp',
      async send(input) {
        const result = await real.send(input);
        for (const status of statuses) {
          const errors = status === 'failed' ? [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }] : undefined;
          const answered = await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, { id: result.platformMessageId, status, recipientId: waId, at: Date.now(), ...(errors === undefined ? {} : { errors }) }));
          expect(answered.status).toBe(200);
        }
        seen.push(await pendingRows());
        return result;
      },
    };
    h.t.runtime.ctx.outbound.register(racing);
    return () => h.t.runtime.ctx.outbound.register(real);
  };

  const reply = async (conversationId: string, text: string) => {
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text });
    expect(queued.status).toBe(201);
    return h.settled(conversationId, queued.body.id);
  };

  it('keeps WhatsApp delivered and read statuses that beat the send, and applies them when the id is stored', async () => {
    const { waId, conversationId } = await whatsappConversation();
    const seen: Array<Awaited<ReturnType<typeof pendingRows>>> = [];
    const restore = statusesBeforeTheSendReturns(waId, ['read', 'delivered'], seen);
    try {
      const message = await reply(conversationId, 'Your refund was sent today.');
      // While the send was still returning, the statuses were kept (the furthest one: read), not dropped.
      expect(seen[0]).toEqual([{ platform_message_id: message.platformMessageId, status: 'read', error: null }]);
      expect(message).toMatchObject({ deliveryStatus: 'read', deliveryError: null });
      expect(await pendingRows()).toEqual([]);
      // A later, lesser status never moves it back.
      await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, { id: message.platformMessageId ?? '', status: 'delivered', recipientId: waId, at: Date.now() }));
      expect((await h.settled(conversationId, message.id)).deliveryStatus).toBe('read');
    } finally {
      restore();
    }
  });

  it('lets a failure that beat the send win, with the platform\'s reason', async () => {
    const { waId, conversationId } = await whatsappConversation();
    const restore = statusesBeforeTheSendReturns(waId, ['delivered', 'failed'], []);
    try {
      const message = await reply(conversationId, 'Are you still there?');
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toContain('131026 Message undeliverable');
      expect(await pendingRows()).toEqual([]);
    } finally {
      restore();
    }
  });

  it('gives a brand message sent outside Rapport the Messenger delivery that arrived before its echo', async () => {
    const psid = '7100000000991';
    await h.deliver('facebook', messengerEvent({ pageId: ids.pageId, psid, at: Date.now(), event: { delivery: { mids: ['m_from_inbox_1'], watermark: Date.now() } } }));
    expect((await pendingRows()).map((row) => [row.platform_message_id, row.status])).toEqual([['m_from_inbox_1', 'delivered']]);
    await h.deliver('facebook', messengerEcho({ pageId: ids.pageId, psid, mid: 'm_from_inbox_1', text: 'Sent from the page inbox', at: Date.now() - 1_000 }));
    const stored = await db().selectFrom('messages').select(['delivery_status', 'direction']).where('platform_message_id', '=', 'm_from_inbox_1').executeTakeFirstOrThrow();
    expect(stored).toEqual({ delivery_status: 'delivered', direction: 'outbound' });
    expect(await pendingRows()).toEqual([]);
  });

  it('applies in the sweep what crossed over on two nodes, and drops statuses no message claims within a day', async () => {
    const { waId, conversationId } = await whatsappConversation();
    // The reply was sent and its id stored by another node while this one kept the status: simulate that order.
    const message = await reply(conversationId, 'Sent from node A');
    const orphanId = `${message.platformMessageId ?? ''}.crossed`;
    await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, { id: orphanId, status: 'read', recipientId: waId, at: Date.now() }));
    await db().updateTable('messages').set({ platform_message_id: orphanId }).where('id', '=', message.id).execute();
    expect(await sweepPendingStatuses(h.t.runtime.ctx)).toBe(1);
    expect((await h.settled(conversationId, message.id)).deliveryStatus).toBe('read');

    await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, { id: 'wamid.never-ours', status: 'delivered', recipientId: waId, at: Date.now() }));
    await db().updateTable('pending_statuses').set({ received_at: Date.now() - pendingStatusTtlMs - 1 }).execute();
    await sweepPendingStatuses(h.t.runtime.ctx);
    expect(await pendingRows()).toEqual([]);
  });
});
