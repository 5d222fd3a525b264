import type { ChannelAccountRef, ParseResult } from '../channel.port.js';
import { addUnrecognised, finishCollecting, readPart, startCollecting, type ParseCollector } from '../parse-support.js';
import { parseFeedChange, parseInstagramComment, type ChangePlace } from './feed.parse.js';
import { parseMessagingEvent } from './messaging.parse.js';
import { metaChange, metaEntry, metaEnvelope } from './meta.schemas.js';
import { parseWhatsappChange } from './whatsapp.parse.js';

/** The webhook object each Meta platform sends. */
export const metaObjects = { facebook: 'page', instagram: 'instagram', whatsapp: 'whatsapp_business_account' } as const;
/** A Meta platform Rapport connects to. */
export type MetaPlatform = keyof typeof metaObjects;

/** Change fields that are recognised but carry nothing a care team acts on (template reviews, quality ratings, …). */
const ignoredFields: Record<MetaPlatform, ReadonlySet<string>> = {
  facebook: new Set(['message_reactions', 'message_reads', 'messaging_referrals']),
  instagram: new Set(['mentions', 'story_insights', 'message_reactions', 'messaging_seen']),
  whatsapp: new Set([
    'account_update', 'account_review_update', 'account_alerts', 'business_capability_update', 'message_template_status_update',
    'message_template_quality_update', 'message_template_components_update', 'template_category_update', 'phone_number_name_update',
    'phone_number_quality_update', 'security', 'history', 'smb_app_state_sync', 'smb_message_echoes', 'user_preferences',
  ]),
};

/** Turns one Meta webhook payload into events of the account; pure, so replaying a stored payload gives the same events. */
export function parseMetaPayload(platform: MetaPlatform, payload: unknown, account: ChannelAccountRef, mediaUrl: (mediaId: string) => string): ParseResult {
  const collector = startCollecting(account);
  const envelope = readPart(collector, 'payload', metaEnvelope, payload);
  if (envelope === undefined) return finishCollecting(collector);
  if (envelope.object !== metaObjects[platform]) {
    addUnrecognised(collector, 'object', `"${envelope.object}" is not a ${platform} payload (expected "${metaObjects[platform]}")`);
    return finishCollecting(collector);
  }
  envelope.entry.forEach((raw, index) => parseEntry(collector, platform, `entry[${index}]`, raw, mediaUrl));
  return finishCollecting(collector);
}

function parseEntry(collector: ParseCollector, platform: MetaPlatform, where: string, raw: unknown, mediaUrl: (mediaId: string) => string): void {
  const entry = readPart(collector, where, metaEntry, raw);
  if (entry === undefined) return;
  const own = collector.account.platform_account_id;
  // WhatsApp entries name the business account and are routed by phone number id; dashboard test events use entry id "0".
  if (platform !== 'whatsapp' && own !== null && entry.id !== undefined && entry.id !== own && entry.id !== '0') {
    return addUnrecognised(collector, where, `entry for ${entry.id}, not this account's ${own}`);
  }
  const brandId = own ?? entry.id;
  const messaging = [...(entry.messaging ?? []), ...(entry.standby ?? [])];
  if (messaging.length > 0 && platform === 'whatsapp') return addUnrecognised(collector, where, 'WhatsApp entries carry changes[], not messaging[]');
  messaging.forEach((item, index) => parseMessagingEvent(collector, { where: `${where}.messaging[${index}]`, brandId, entryTime: entry.time }, item));
  const changes = entry.changes ?? (entry.field === undefined ? [] : [{ field: entry.field, value: entry.value }]);
  changes.forEach((item, index) => {
    const place = { where: `${where}.changes[${index}]`, brandId, entryTime: entry.time };
    const change = readPart(collector, place.where, metaChange, item);
    if (change !== undefined) parseChange(collector, platform, place, change, mediaUrl);
  });
  if (entry.messaging === undefined && entry.standby === undefined && changes.length === 0) addUnrecognised(collector, where, 'entry has neither messaging[] nor changes[]');
}

function parseChange(collector: ParseCollector, platform: MetaPlatform, place: ChangePlace, change: { field: string; value: unknown }, mediaUrl: (mediaId: string) => string): void {
  if (ignoredFields[platform].has(change.field)) return;
  if (platform === 'facebook' && change.field === 'feed') return parseFeedChange(collector, place, change.value);
  if (platform === 'instagram' && (change.field === 'comments' || change.field === 'live_comments')) return parseInstagramComment(collector, place, change.value);
  // Instagram's dashboard test sends a DM as a change whose value is one messaging event.
  if (platform === 'instagram' && change.field === 'messages') return parseMessagingEvent(collector, place, change.value);
  if (platform === 'whatsapp' && change.field === 'messages') {
    return parseWhatsappChange(collector, { where: place.where, phoneNumberId: collector.account.platform_account_id, mediaUrl }, change.value);
  }
  addUnrecognised(collector, place.where, `field "${change.field}" is not handled`);
}
