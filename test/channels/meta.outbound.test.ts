import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedComment, instagramComment, instagramMessage, messengerMessage, whatsappMessage } from '../../server/features/channels/meta/meta.fake-payloads.js';
import { graphError } from '../../server/features/channels/meta/meta.fake-graph.js';
import { testEngines } from '../helpers/db.js';
import { ids, startMetaHarness, type MetaHarness } from './meta.harness.js';

describe.each(testEngines)('replies on Meta platforms on %s', (engine) => {
  let h: MetaHarness;
  beforeAll(async () => {
    h = await startMetaHarness(engine);
  });
  afterAll(async () => h.close());

  let counter = 0;
  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  /** A Messenger conversation whose customer last wrote `minutes` ago. */
  const messengerConversation = async (minutes = 5) => {
    const psid = `71000000000${++counter}`;
    const mid = `m_out_${counter}`;
    await h.deliver('facebook', messengerMessage({ pageId: ids.pageId, psid, mid, text: 'Help please', at: minutesAgo(minutes) }));
    return { psid, conversationId: (await h.findMessage('facebook', mid))?.conversation_id ?? '' };
  };
  const reply = async (conversationId: string, body: object) => {
    const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, body);
    expect(queued.status).toBe(201);
    return h.settled(conversationId, queued.body.id);
  };
  const sentWith = (text: string) => h.fake.sent.filter((send) => send.text === text);

  it('answers a Messenger DM with the Send API: page token, RESPONSE inside the window, Rapport\'s key as metadata', async () => {
    const { psid, conversationId } = await messengerConversation();
    const message = await reply(conversationId, { text: 'We have refunded you.' });
    expect(message).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
    const call = h.fake.calls.find((c) => (c.body as { message?: { text?: string } }).message?.text === 'We have refunded you.');
    expect(call).toMatchObject({ method: 'POST', path: `/v25.0/${ids.pageId}/messages`, status: 200, query: { access_token: h.secrets.facebook.accessToken } });
    expect(call?.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    expect(call?.body).toEqual({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'We have refunded you.', metadata: `rapport:reply-${message.id}` } });
    expect(message.platformMessageId).toBe(sentWith('We have refunded you.')[0]?.id);
  });

  it('fails a Messenger reply outside the 24-hour window with a clear reason, without calling Meta', async () => {
    const { conversationId } = await messengerConversation(25 * 60);
    const before = h.fake.calls.length;
    const message = await reply(conversationId, { text: 'Too late?' });
    expect(message.deliveryStatus).toBe('failed');
    expect(message.deliveryError).toContain('Messenger allows replies only within 24 hours');
    expect(h.fake.calls.length).toBe(before);
  });

  it('replies to a Facebook comment in public, answers it privately, and hides it (never deletes)', async () => {
    const commentId = '139560936744456_1396202334057';
    await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId: `${ids.pageId}_139560936744456`, commentId, from: { id: '6660001', name: 'Pat' }, message: 'My card number is 4111 1111 1111 1111', at: minutesAgo(3) }));
    const stored = await h.findMessage('facebook', commentId);
    const conversationId = stored?.conversation_id ?? '';
    const publicReply = await reply(conversationId, { text: 'Please DM us, we will help.' });
    expect(publicReply).toMatchObject({ deliveryStatus: 'sent', visibility: 'public' });
    expect(h.fake.calls.find((c) => c.path === `/v25.0/${commentId}/comments`)?.body).toEqual({ message: 'Please DM us, we will help.' });

    const privateReply = await reply(conversationId, { text: 'Hi Pat, here is how to get your refund.', visibility: 'private' });
    expect(privateReply.deliveryStatus).toBe('sent');
    expect(sentWith('Hi Pat, here is how to get your refund.')[0]).toMatchObject({ kind: 'private-reply', target: commentId });

    const hidden = await h.api<{ id: string }>('POST', `/messages/${stored?.id}/hide`, { reason: 'Card number posted in public' });
    expect(hidden.status).toBe(200);
    expect(h.fake.sent.at(-1)).toMatchObject({ kind: 'hide', target: commentId, body: { is_hidden: true } });
    const audit = await h.t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['action', 'after']).where('object_id', '=', stored?.id ?? '').executeTakeFirstOrThrow();
    expect(audit.action).toBe('message.hidden');
    expect(audit.after).toContain('Card number posted in public');
    const detail = await h.api<{ messages: Array<{ id: string }> }>('GET', `/conversations/${conversationId}`);
    expect(detail.body.messages.map((m) => m.id)).toContain(stored?.id);
  });

  it('replies to an Instagram comment under /replies and answers an Instagram DM', async () => {
    await h.deliver('instagram', instagramComment({ igId: ids.igId, commentId: '17919697626110001', mediaId: '18172143295349192', from: { id: '178400001', username: 'kim' }, text: 'Price?', at: minutesAgo(2) }));
    const comment = await h.findMessage('instagram', '17919697626110001');
    expect(await reply(comment?.conversation_id ?? '', { text: '€25, link in bio' })).toMatchObject({ deliveryStatus: 'sent' });
    expect(h.fake.calls.find((c) => c.path === '/v25.0/17919697626110001/replies')?.body).toEqual({ message: '€25, link in bio' });

    await h.deliver('instagram', instagramMessage({ igId: ids.igId, igsid: '6543210000000001', mid: 'aWdfZAG1faXRlbTo2', text: 'hi there', at: minutesAgo(1) }));
    const dm = await h.findMessage('instagram', 'aWdfZAG1faXRlbTo2');
    expect(await reply(dm?.conversation_id ?? '', { text: 'Hello Kim!' })).toMatchObject({ deliveryStatus: 'sent' });
    expect(h.fake.calls.find((c) => c.path === '/v25.0/me/messages' && (c.body as { message?: { text?: string } }).message?.text === 'Hello Kim!')?.body)
      .toEqual({ recipient: { id: '6543210000000001' }, message: { text: 'Hello Kim!' } });
  });

  describe('WhatsApp', () => {
    const waId = '447700900123';
    let conversationId = '';
    beforeAll(async () => {
      await h.deliver('whatsapp', whatsappMessage(ids.whatsapp, { waId, name: 'Ola', id: 'wamid.out1', at: minutesAgo(30 * 60), message: { type: 'text', text: { body: 'Is my parcel lost?' } } }));
      conversationId = (await h.findMessage('whatsapp', 'wamid.out1'))?.conversation_id ?? '';
    });

    it('refuses a free-form reply outside the 24-hour window at the API, before anything is queued or sent', async () => {
      const before = h.fake.calls.length;
      const refused = await h.api<{ errors: Array<{ path: string; rule?: string }> }>('POST', `/conversations/${conversationId}/replies`, { text: 'Sorry for the delay' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.template', rule: 'whatsapp.messagingWindowHours' })]);
      expect(h.fake.calls.length).toBe(before);
    });

    it('refuses a free-form reply the send step finds outside the window (a message queued before the API checked) with a clear error on it', async () => {
      const { enqueueSend } = await import('../../server/features/replies/reply.service.js');
      const { newId } = await import('../../server/infra/ids.js');
      const conversation = await h.t.runtime.ctx.db.kysely.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
      const id = newId();
      await h.t.runtime.ctx.db.kysely.insertInto('messages').values({
        id, workspace_id: h.ws.workspaceId, conversation_id: conversationId, account_id: conversation.account_id, platform: 'whatsapp', direction: 'outbound', visibility: 'private',
        platform_message_id: null, parent_platform_id: null, thread_refs: null, text: 'Sorry for the delay', attachments: '[]', author_contact_id: null, author_user_id: h.ws.adminId,
        sent_at: Date.now(), received_at: Date.now(), delivery_status: 'queued', delivery_error: null, edited_at: null, deleted_by_author_at: null, receipt_id: null, client_key: null, metadata: '{}',
      }).execute();
      const before = h.fake.calls.length;
      await enqueueSend(h.t.runtime.ctx, { id, workspace_id: h.ws.workspaceId });
      const message = await h.settled(conversationId, id);
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toMatch(/24-hour customer service window is closed.*approved message template/);
      expect(h.fake.calls.length).toBe(before);
    });

    it('sends an approved template outside the window, with Bearer auth and the documented body', async () => {
      const template = { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '100' }] }] };
      const message = await reply(conversationId, { text: 'Template: order_update', template });
      expect(message.deliveryStatus).toBe('sent');
      const call = h.fake.calls.find((c) => (c.body as { type?: string }).type === 'template');
      expect(call).toMatchObject({ path: `/v25.0/${ids.whatsapp.phoneNumberId}/messages`, authorization: `Bearer ${h.secrets.whatsapp.accessToken}` });
      expect(call?.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'template', template });
    });

    it('sends free text inside the window; the fake enforces the window itself (131047) when it knows better', async () => {
      await h.deliver('whatsapp', whatsappMessage(ids.whatsapp, { waId, id: 'wamid.out2', at: minutesAgo(1), message: { type: 'text', text: { body: 'Hello again' } } }));
      const message = await reply(conversationId, { text: 'Your parcel is on its way' });
      expect(message.deliveryStatus).toBe('sent');
      expect(h.fake.calls.find((c) => (c.body as { text?: { body?: string } }).text?.body === 'Your parcel is on its way')?.body)
        .toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'text', text: { preview_url: false, body: 'Your parcel is on its way' } });

      h.fake.customerWrote(ids.whatsapp.phoneNumberId, waId, minutesAgo(48 * 60));
      const refused = await reply(conversationId, { text: 'One more thing' });
      expect(refused).toMatchObject({ deliveryStatus: 'failed' });
      expect(refused.deliveryError).toContain('Re-engagement message');
      h.fake.customerWrote(ids.whatsapp.phoneNumberId, waId, minutesAgo(1));
    });
  });

  describe('failures', () => {
    it('waits for a rate limit\'s reset (429 with Meta\'s usage headers) and then posts exactly once', async () => {
      const { conversationId } = await messengerConversation();
      const untilMs = Date.now() + 1_500;
      h.fake.throttle({ untilMs, status: 429, code: 80006, retryAfterHeader: true });
      const message = await reply(conversationId, { text: 'Throttled but delivered' });
      h.fake.throttle(undefined);
      expect(message.deliveryStatus).toBe('sent');
      expect(sentWith('Throttled but delivered')).toHaveLength(1);
      const attempts = h.fake.calls.filter((c) => (c.body as { message?: { text?: string } }).message?.text === 'Throttled but delivered');
      expect(attempts.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(1);
      expect(attempts.filter((c) => c.status === 200)).toHaveLength(1);
      expect(attempts.find((c) => c.status === 200)?.at).toBeGreaterThanOrEqual(untilMs);
    });

    it('retries a platform 5xx with backoff until it succeeds', async () => {
      const { conversationId } = await messengerConversation();
      h.fake.failNext(2, graphError(500, 2, 'An unexpected error has occurred. Please retry your request later.', { is_transient: true }));
      const message = await reply(conversationId, { text: 'After two 500s' });
      expect(message.deliveryStatus).toBe('sent');
      expect(sentWith('After two 500s')).toHaveLength(1);
    });

    it('fails a reply refused with a permanent 4xx, with the platform\'s reason on the message', async () => {
      const { conversationId } = await messengerConversation();
      h.fake.failNext(1, graphError(400, 551, 'This person isn\'t available right now.', { error_subcode: 1545041 }));
      const message = await reply(conversationId, { text: 'Are you there?' });
      expect(message.deliveryStatus).toBe('failed');
      expect(message.deliveryError).toContain('This person isn\'t available right now. [code 551/1545041]');
      expect(sentWith('Are you there?')).toHaveLength(0);
    });

    it('shows a rejected access token in the account health and on the message', async () => {
      const { conversationId } = await messengerConversation();
      h.fake.failNext(1, graphError(400, 190, 'Error validating access token: Session has expired.', { error_subcode: 463 }));
      const message = await reply(conversationId, { text: 'Token test' });
      expect(message.deliveryError).toContain('access token was rejected');
      const account = await h.t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select(['health_status', 'health_detail']).where('id', '=', h.accounts.facebook.id).executeTakeFirstOrThrow();
      expect(account.health_status).toBe('error');
      expect(account.health_detail).toContain('Session has expired');
      await reply(conversationId, { text: 'Token fixed' });
      const healed = await h.t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select(['health_status']).where('id', '=', h.accounts.facebook.id).executeTakeFirstOrThrow();
      expect(healed.health_status).toBe('ok');
    });
  });
});
