import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  feedComment, instagramComment, instagramMessage, messengerEcho, messengerEvent, messengerMessage, whatsappMessage, whatsappStatus,
} from '../../server/features/channels/meta/meta.fake-payloads.js';
import { testEngines } from '../helpers/db.js';
import { ids, startMetaHarness, type MessageView, type MetaHarness } from './meta.harness.js';

type Detail = { conversation: { id: string; channel: string; visibility: string; contactId: string; status: string }; messages: MessageView[] };

describe.each(testEngines)('Meta events become conversations on %s', (engine) => {
  let h: MetaHarness;
  beforeAll(async () => {
    h = await startMetaHarness(engine);
  });
  afterAll(async () => h.close());

  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  const detailOf = async (platform: 'facebook' | 'instagram' | 'whatsapp', platformMessageId: string) => {
    const message = await h.findMessage(platform, platformMessageId);
    expect(message, `message ${platformMessageId}`).toBeDefined();
    return (await h.api<Detail>('GET', `/conversations/${message?.conversation_id}`)).body;
  };
  const contact = async (contactId: string) => h.t.runtime.ctx.db.kysely.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();

  describe('Messenger', () => {
    const psid = '7000000000000001';
    it('turns a customer message into a private conversation, with attachments and its reply-to', async () => {
      await h.deliver('facebook', messengerMessage({ pageId: ids.pageId, psid, mid: 'm_first', text: 'My order never arrived', at: minutesAgo(10) }));
      await h.deliver('facebook', messengerMessage({
        pageId: ids.pageId, psid, mid: 'm_photo', at: minutesAgo(9), replyToMid: 'm_first',
        attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }],
      }));
      const detail = await detailOf('facebook', 'm_first');
      expect(detail.conversation).toMatchObject({ channel: 'facebook', visibility: 'private', status: 'open' });
      expect(detail.messages.map((m) => [m.platformMessageId, m.direction, m.text])).toEqual([['m_first', 'inbound', 'My order never arrived'], ['m_photo', 'inbound', '']]);
      expect(detail.messages[1]).toMatchObject({ parentPlatformId: 'm_first', attachments: [{ type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' }] });
    });

    it('records an echo of the page\'s own message (sent outside Rapport) as the brand\'s outbound message to that customer', async () => {
      await h.deliver('facebook', messengerEcho({ pageId: ids.pageId, psid, mid: 'm_echo_inbox', text: 'Sorry! Checking now.', at: minutesAgo(8) }));
      await h.deliver('facebook', messengerEcho({ pageId: ids.pageId, psid, mid: 'm_echo_rapport', text: 'sent by Rapport', at: minutesAgo(8), metadata: 'rapport:reply-x' }));
      const detail = await detailOf('facebook', 'm_first');
      expect(detail.messages.find((m) => m.platformMessageId === 'm_echo_inbox')).toMatchObject({ direction: 'outbound', text: 'Sorry! Checking now.', deliveryStatus: 'sent' });
      expect(await h.findMessage('facebook', 'm_echo_rapport')).toBeUndefined();
    });

    it('applies message edits (keeping the original) and delivery receipts of the brand\'s messages', async () => {
      await h.deliver('facebook', messengerEvent({ pageId: ids.pageId, psid, at: minutesAgo(7), event: { message_edit: { mid: 'm_first', text: 'My order #123 never arrived', num_edit: 1 } } }));
      await h.deliver('facebook', messengerEvent({ pageId: ids.pageId, psid, at: minutesAgo(6), event: { delivery: { mids: ['m_echo_inbox'], watermark: minutesAgo(6) } } }));
      const detail = await detailOf('facebook', 'm_first');
      expect(detail.messages.find((m) => m.platformMessageId === 'm_first')).toMatchObject({ text: 'My order #123 never arrived', editedAt: expect.any(String) as string });
      expect(detail.messages.find((m) => m.platformMessageId === 'm_echo_inbox')?.deliveryStatus).toBe('delivered');
    });
  });

  describe('Facebook Page feed', () => {
    const postId = `${ids.pageId}_139560936744456`;
    const from = { id: '139560936744123', name: 'Jane Customer' };
    it('turns a comment into a public conversation that its replies join, with edits and the author\'s removal', async () => {
      await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId, commentId: '139560936744456_139620233405726', from, message: 'Where is my refund?', at: minutesAgo(30) }));
      await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId, commentId: '139560936744456_139620233405999', parentId: '139560936744456_139620233405726', from: { id: '5550001', name: 'Sam' }, message: 'Same here', at: minutesAgo(29) }));
      await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId, commentId: '139560936744456_139620233405726', from, message: 'Where is my refund??', verb: 'edited', at: minutesAgo(28) }));
      await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId, commentId: '139560936744456_139620233405999', from: { id: '5550001', name: 'Sam' }, verb: 'remove', at: minutesAgo(27) }));
      await h.deliver('facebook', feedComment({ pageId: ids.pageId, postId, commentId: '139560936744456_139620233406000', parentId: '139560936744456_139620233405726', from: { id: ids.pageId, name: 'Acme' }, message: 'We are on it', at: minutesAgo(26) }));
      const detail = await detailOf('facebook', '139560936744456_139620233405726');
      expect(detail.conversation).toMatchObject({ visibility: 'public', channel: 'facebook' });
      const byId = new Map(detail.messages.map((m) => [m.platformMessageId, m]));
      expect(byId.get('139560936744456_139620233405726')).toMatchObject({ text: 'Where is my refund??', parentPlatformId: postId, visibility: 'public', direction: 'inbound' });
      expect(byId.get('139560936744456_139620233405999')).toMatchObject({ text: 'Same here', deletedByAuthorAt: expect.any(String) as string });
      expect(byId.get('139560936744456_139620233406000')).toMatchObject({ direction: 'outbound', text: 'We are on it' });
      expect((await contact(detail.conversation.contactId)).display_name).toBe('Jane Customer');
    });
  });

  describe('Instagram', () => {
    it('turns a DM into a private conversation and comments into a public one that replies join', async () => {
      await h.deliver('instagram', instagramMessage({ igId: ids.igId, igsid: '6543210987654321', mid: 'aWdfZAG1faXRlbToxOklH', text: 'hi there', at: minutesAgo(5) }));
      const dm = await detailOf('instagram', 'aWdfZAG1faXRlbToxOklH');
      expect(dm.conversation).toMatchObject({ channel: 'instagram', visibility: 'private' });

      const from = { id: '17841400000000001', username: 'jiangwenwen1213' };
      await h.deliver('instagram', instagramComment({ igId: ids.igId, commentId: '17919697626119712', mediaId: '18172143295349192', from, text: 'Price?', at: minutesAgo(4) }));
      await h.deliver('instagram', instagramComment({ igId: ids.igId, commentId: '17919697626119800', mediaId: '18172143295349192', parentId: '17919697626119712', from, text: 'Anyone?', at: minutesAgo(3) }));
      const comments = await detailOf('instagram', '17919697626119712');
      expect(comments.conversation.visibility).toBe('public');
      expect(comments.messages.map((m) => [m.text, m.parentPlatformId])).toEqual([['Price?', '18172143295349192'], ['Anyone?', '17919697626119712']]);
      const identity = await h.t.runtime.ctx.db.kysely.selectFrom('contact_identities').selectAll().where('platform_user_id', '=', from.id).executeTakeFirstOrThrow();
      expect(identity.handle).toBe('jiangwenwen1213');
    });
  });

  describe('WhatsApp', () => {
    const waId = '16505551234';
    const wa = (id: string, minutes: number, message: Record<string, unknown>, extra: { contextId?: string } = {}) =>
      h.deliver('whatsapp', whatsappMessage(ids.whatsapp, { waId, name: 'Sheena Nelson', id, at: minutesAgo(minutes), message, ...extra }));

    it('turns text, media, location, contacts and interactive replies into one conversation with the profile name', async () => {
      await wa('wamid.text1', 20, { type: 'text', text: { body: 'Does it come in another color?' } });
      await wa('wamid.image1', 19, { type: 'image', image: { caption: 'this one', mime_type: 'image/jpeg', sha256: 'abc', id: '1479537139650973' } });
      await wa('wamid.loc1', 18, { type: 'location', location: { latitude: 51.5074, longitude: -0.1278, name: 'Store', address: '1 Main St' } });
      await wa('wamid.contact1', 17, { type: 'contacts', contacts: [{ name: { formatted_name: 'Bob Smith', first_name: 'Bob' }, phones: [{ phone: '+44 7700 900123', type: 'CELL' }] }] });
      await wa('wamid.button1', 16, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, please' } } }, { contextId: 'wamid.text1' });
      await wa('wamid.list1', 15, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'red', title: 'Red', description: 'Bright red' } } });
      const detail = await detailOf('whatsapp', 'wamid.text1');
      expect(detail.conversation).toMatchObject({ channel: 'whatsapp', visibility: 'private' });
      const byId = new Map(detail.messages.map((m) => [m.platformMessageId, m]));
      expect(byId.size).toBe(6);
      expect(byId.get('wamid.image1')).toMatchObject({ text: 'this one', attachments: [{ type: 'image', mimeType: 'image/jpeg', caption: 'this one', url: `${h.fake.url}/v25.0/1479537139650973` }] });
      expect(byId.get('wamid.loc1')?.attachments).toEqual([{ type: 'location', latitude: 51.5074, longitude: -0.1278, name: 'Store, 1 Main St' }]);
      expect(byId.get('wamid.contact1')?.attachments).toEqual([{ type: 'contact', name: 'Bob Smith', caption: '+44 7700 900123' }]);
      expect(byId.get('wamid.button1')).toMatchObject({ text: 'Yes, please', parentPlatformId: 'wamid.text1' });
      expect(byId.get('wamid.list1')?.text).toBe('Red — Bright red');
      const person = await contact(detail.conversation.contactId);
      expect(person).toMatchObject({ display_name: 'Sheena Nelson', phone: '+16505551234' });
    });

    it('puts delivery statuses onto the brand\'s message, with the platform\'s reason when it failed', async () => {
      const conversationId = (await h.findMessage('whatsapp', 'wamid.text1'))?.conversation_id ?? '';
      h.fake.customerWrote(ids.whatsapp.phoneNumberId, waId, minutesAgo(15));
      const queued = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text: 'Yes, in blue and red.' });
      const sent = await h.settled(conversationId, queued.body.id);
      expect(sent.deliveryStatus).toBe('sent');
      const wamid = sent.platformMessageId ?? '';
      for (const status of ['delivered', 'read'] as const) {
        await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, { id: wamid, status, recipientId: waId, at: Date.now() }));
      }
      expect((await detailOf('whatsapp', wamid)).messages.find((m) => m.id === queued.body.id)?.deliveryStatus).toBe('read');

      const second = await h.api<{ id: string }>('POST', `/conversations/${conversationId}/replies`, { text: 'Anything else?' });
      const secondId = (await h.settled(conversationId, second.body.id)).platformMessageId ?? '';
      await h.deliver('whatsapp', whatsappStatus(ids.whatsapp, {
        id: secondId, status: 'failed', recipientId: waId, at: Date.now(),
        errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }],
      }));
      const failed = (await detailOf('whatsapp', secondId)).messages.find((m) => m.id === second.body.id);
      expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryError: '131026 Message undeliverable (Receiver is incapable of receiving this message)' });
    });
  });
});
