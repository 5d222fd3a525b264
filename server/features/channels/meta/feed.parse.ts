import { accountFields, addEvent, addUnrecognised, boundedText, isoFromEpoch, isoFromSeconds, readPart, type ParseCollector } from '../parse-support.js';
import { feedValue, instagramCommentValue } from './meta.schemas.js';

/** Where a change sits, whose account it is on (page or Instagram account id) and the entry's time. */
export interface ChangePlace {
  where: string;
  brandId: string | undefined;
  entryTime: number | undefined;
}

/** Feed items that are a customer writing on the page: a visitor's post (or its photo/video/status). */
const postItems = new Set(['post', 'status', 'photo', 'video']);
/** Feed items a care team does not act on. */
const ignoredItems = new Set(['reaction', 'like', 'share', 'event', 'album', 'link', 'note', 'milestone', 'coupon']);

/**
 * Reads a Page `feed` change: comments (add / edited / remove) and visitors' posts become public messages, edits and
 * author deletions. The page's own comment is the brand answering (an echo), and Meta's word that the reply is published: delivered.
 */
export function parseFeedChange(collector: ParseCollector, place: ChangePlace, raw: unknown): void {
  const value = readPart(collector, place.where, feedValue, raw);
  if (value === undefined) return;
  if (ignoredItems.has(value.item)) return;
  const isComment = value.item === 'comment';
  if (!isComment && !postItems.has(value.item)) return addUnrecognised(collector, place.where, `feed item "${value.item}" is not handled`);
  const id = isComment ? value.comment_id : value.post_id;
  if (id === undefined) return addUnrecognised(collector, place.where, `feed ${value.item} without ${isComment ? 'comment_id' : 'post_id'}`);
  const fromBrand = value.from !== undefined && value.from.id === place.brandId;
  const at = (value.created_time === undefined ? undefined : isoFromSeconds(value.created_time)) ?? isoFromEpoch(place.entryTime ?? 0);
  const base = accountFields(collector);
  switch (value.verb) {
    case 'add': {
      // The page's own posts are publishing, not care; its own comments are the brand answering (an echo).
      if (fromBrand && !isComment) return;
      if (value.from === undefined) return addUnrecognised(collector, place.where, 'feed add without from');
      const parent = isComment ? value.parent_id ?? value.post_id : undefined;
      addEvent(collector, place.where, {
        kind: 'message', ...base, platformMessageId: id, visibility: 'public', direction: fromBrand ? 'outbound' : 'inbound',
        author: { platformUserId: value.from.id, ...(value.from.name === undefined ? {} : { displayName: value.from.name }) },
        ...(parent === undefined ? {} : { parentPlatformId: parent }),
        ...(isComment && value.post_id !== undefined && parent !== value.post_id ? { threadRefs: [value.post_id] } : {}),
        text: boundedText(value.message), sentAt: at,
      });
      if (fromBrand) addEchoDelivered(collector, place.where, id, at);
      return;
    }
    case 'edited':
      if (value.message === undefined) return addUnrecognised(collector, place.where, 'feed edit without message');
      return addEvent(collector, place.where, { kind: 'edit', ...base, platformMessageId: id, text: boundedText(value.message), editedAt: at });
    case 'remove':
      // A removal by the page is moderation, not the author taking their words back.
      if (fromBrand) return;
      return addEvent(collector, place.where, { kind: 'delete', ...base, platformMessageId: id, deletedAt: at });
    case 'hide':
    case 'unhide':
      return;
    default:
      return addUnrecognised(collector, place.where, `feed verb "${value.verb}" is not handled`);
  }
}

/** Reads an Instagram `comments` / `live_comments` change: a public comment on the account's media, or the brand's own reply (then delivered). */
export function parseInstagramComment(collector: ParseCollector, place: ChangePlace, raw: unknown): void {
  const value = readPart(collector, place.where, instagramCommentValue, raw);
  if (value === undefined) return;
  if (place.entryTime === undefined) return addUnrecognised(collector, place.where, 'comment entry without time');
  const fromBrand = value.from.id === place.brandId;
  const parent = value.parent_id ?? value.media?.id;
  addEvent(collector, place.where, {
    kind: 'message', ...accountFields(collector), platformMessageId: value.id, visibility: 'public', direction: fromBrand ? 'outbound' : 'inbound',
    author: { platformUserId: value.from.id, ...(value.from.username === undefined ? {} : { handle: value.from.username }) },
    ...(parent === undefined ? {} : { parentPlatformId: parent }),
    ...(value.parent_id !== undefined && value.media !== undefined ? { threadRefs: [value.media.id] } : {}),
    text: boundedText(value.text), sentAt: isoFromEpoch(place.entryTime),
  });
  if (fromBrand) addEchoDelivered(collector, place.where, value.id, isoFromEpoch(place.entryTime));
}

/** Meta has no delivery receipts for comments: its webhook echo of the brand's own comment confirms it is published, so it is delivered. */
function addEchoDelivered(collector: ParseCollector, where: string, platformMessageId: string, at: string): void {
  addEvent(collector, where, { kind: 'status', ...accountFields(collector), platformMessageId, status: 'delivered', at });
}
