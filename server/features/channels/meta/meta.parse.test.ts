import { describe, expect, it } from 'vitest';
import type { ChannelAccountRef } from '../channel.port.js';
import { parseMetaPayload } from './meta.parse.js';

const page: ChannelAccountRef = { id: 'acc-fb', platform: 'facebook', handle: 'acme', platform_account_id: '137542570280222' };
const instagram: ChannelAccountRef = { id: 'acc-ig', platform: 'instagram', handle: 'acme', platform_account_id: '17841474524784050' };
const whatsapp: ChannelAccountRef = { id: 'acc-wa', platform: 'whatsapp', handle: 'acme', platform_account_id: '106540352242922' };
const mediaUrl = (id: string) => `https://graph.example/v25.0/${id}`;

describe('Meta payload parsing', () => {
  it('reads the documented Messenger message (quick reply, reply_to) with ids as strings and ms timestamps', () => {
    const result = parseMetaPayload('facebook', {
      object: 'page',
      entry: [{ id: '137542570280222', time: 1457764198246, messaging: [{
        sender: { id: '1254459154682919' }, recipient: { id: '137542570280222' }, timestamp: 1458692752478,
        message: { mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!', quick_reply: { payload: 'X' }, reply_to: { mid: 'm_1fTq8o', is_self_reply: false } },
      }] }],
    }, page, mediaUrl);
    expect(result.unrecognised).toEqual([]);
    expect(result.events).toEqual([expect.objectContaining({
      kind: 'message', channel: 'facebook', account: 'acc-fb', platformMessageId: 'mid.1457764197618:41d102a3e1ae206a38', direction: 'inbound',
      author: { platformUserId: '1254459154682919' }, parentPlatformId: 'm_1fTq8o', text: 'hello, world!', sentAt: 1458692752478,
    })]);
  });

  it('skips entries of another page, standby events are read, reactions are ignored and unknown events are reported', () => {
    const result = parseMetaPayload('facebook', {
      object: 'page',
      entry: [
        { id: '999', time: 1, messaging: [] },
        { id: '137542570280222', time: 1, standby: [{ sender: { id: '1' }, recipient: { id: '137542570280222' }, timestamp: 1000, message: { mid: 'm_standby', text: 'hi' } }] },
        { id: '137542570280222', time: 1, messaging: [{ sender: { id: '1' }, recipient: { id: '137542570280222' }, timestamp: 1000, reaction: { mid: 'm', action: 'react', emoji: '👍' } }] },
        { id: '137542570280222', time: 1, messaging: [{ sender: { id: '1' }, recipient: { id: '137542570280222' }, timestamp: 1000, brand_new_thing: {} }] },
      ],
    }, page, mediaUrl);
    expect(result.events.map((event) => event.platformMessageId)).toEqual(['m_standby']);
    expect(result.unrecognised).toEqual([
      'entry[0]: entry for 999, not this account\'s 137542570280222',
      'entry[3].messaging[0]: messaging event with keys sender, recipient, timestamp, brand_new_thing is not handled',
    ]);
  });

  it('accepts Instagram comments as changes[] or as field/value under the entry, and the dashboard test DM as a change', () => {
    const value = { from: { id: '232323232', username: 'test' }, media: { id: '123123123', media_product_type: 'FEED' }, id: '17865799348089039', text: 'This is an example.' };
    const asChanges = parseMetaPayload('instagram', { object: 'instagram', entry: [{ id: '17841474524784050', time: 1755779280, changes: [{ field: 'comments', value }] }] }, instagram, mediaUrl);
    const asField = parseMetaPayload('instagram', { object: 'instagram', entry: [{ id: '17841474524784050', time: 1755779280, field: 'comments', value }] }, instagram, mediaUrl);
    expect(asChanges.events).toEqual(asField.events);
    expect(asChanges.events[0]).toMatchObject({ visibility: 'public', parentPlatformId: '123123123', author: { platformUserId: '232323232', handle: 'test' }, sentAt: 1755779280000 });
    const testDm = parseMetaPayload('instagram', { object: 'instagram', entry: [{ id: '0', time: 1, changes: [{ field: 'messages', value: { sender: { id: '12334' }, recipient: { id: '23245' }, timestamp: '1527459824', message: { mid: 'random_mid', text: 'random_text' } } }] }] }, instagram, mediaUrl);
    expect(testDm.events[0]).toMatchObject({ kind: 'message', platformMessageId: 'random_mid', text: 'random_text' });
  });

  it('reads an Instagram unsend as the author\'s deletion', () => {
    const result = parseMetaPayload('instagram', { object: 'instagram', entry: [{ id: '17841474524784050', time: 1, messaging: [{ sender: { id: '5' }, recipient: { id: '17841474524784050' }, timestamp: 2000, message: { mid: 'm_gone', is_deleted: true } }] }] }, instagram, mediaUrl);
    expect(result.events).toEqual([expect.objectContaining({ kind: 'delete', platformMessageId: 'm_gone' })]);
  });

  it('routes WhatsApp changes by phone number id, reports unknown types and turns account errors into health', () => {
    const change = (value: Record<string, unknown>) => ({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, ...value } }] }] });
    const other = parseMetaPayload('whatsapp', { ...change({}), entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '555' }, messages: [] } }] }] }, whatsapp, mediaUrl);
    expect(other.unrecognised[0]).toContain('phone number id 555');
    const mixed = parseMetaPayload('whatsapp', change({
      messages: [
        { from: '16505551234', id: 'wamid.A', timestamp: '1749416383', type: 'reaction', reaction: { message_id: 'wamid.B', emoji: '👍' } },
        { from: '16505551234', id: 'wamid.C', timestamp: '1749416383', type: 'hologram', hologram: {} },
        { from: '16505551234', id: 'wamid.D', timestamp: '1749416383', type: 'document', document: { filename: 'invoice.pdf', mime_type: 'application/pdf', id: '9876' } },
      ],
      errors: [{ code: 130429, title: 'Rate limit hit', message: 'Rate limit hit', error_data: { details: 'Cloud API message throughput has been reached.' } }],
    }), whatsapp, mediaUrl);
    expect(mixed.events).toEqual([expect.objectContaining({ platformMessageId: 'wamid.D', attachments: [{ type: 'file', url: 'https://graph.example/v25.0/9876', mimeType: 'application/pdf', name: 'invoice.pdf' }] })]);
    expect(mixed.unrecognised).toEqual(['entry[0].changes[0].messages[1]: message type "hologram" is not handled']);
    expect(mixed.accountErrors).toEqual(['130429 Rate limit hit (Cloud API message throughput has been reached.)']);
  });

  it('reports a payload that is not a Meta envelope at all, never throws', () => {
    expect(parseMetaPayload('facebook', [1, 2, 3], page, mediaUrl).unrecognised[0]).toContain('payload');
    expect(parseMetaPayload('facebook', { object: 'page', entry: [{ id: '137542570280222', time: 1 }] }, page, mediaUrl).unrecognised).toEqual(['entry[0]: entry has neither messaging[] nor changes[]']);
  });
});
