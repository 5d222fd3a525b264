import { randomBytes } from 'node:crypto';
import { lineMessageEvent, lineText, lineWebhook } from '../../channels/line/line.fake-payloads.js';
import { feedComment, instagramComment, instagramMessage, messengerMessage, whatsappMessage, type MetaPayload } from '../../channels/meta/meta.fake-payloads.js';
import { telegramMessage, telegramPrivateChat, telegramText, telegramUpdate } from '../../channels/telegram/telegram.fake-payloads.js';
import { demoPlatform } from '../demo-channels.js';
import type { DemoFakes } from '../live/demo-fakes.js';
import { sendCustomerMail, type MailTarget, type MailThread } from './traffic.mail.js';
import type { PersonaIds } from './traffic.identities.js';
import type { Persona, TrafficRoute } from './traffic.types.js';

/** Where the traffic goes: Rapport's webhook URL for each demo account, and its inbound SMTP listener. */
export interface TrafficTargets {
  webhookUrl(platform: 'facebook' | 'instagram' | 'whatsapp' | 'line' | 'telegram' | 'x'): string;
  smtp: MailTarget;
}

/** One message to deliver on a route. */
export interface RouteMessage {
  fakes: DemoFakes;
  targets: TrafficTargets;
  persona: Persona;
  ids: PersonaIds;
  text: string;
  subject: string | undefined;
  at: number;
  /** The public post this one answers, if any. */
  parent: string | undefined;
  /** The brand post (or media) comments of this story go under. */
  brandPost: number;
  mail: MailThread;
  /** A fresh number, growing across restarts (message ids, update ids). */
  serial(): number;
}

const brandPosts = ['1042215530981', '1042290177430', '1042318846215'];
const brandMedia = ['18034471259837301', '18046610337584129', '18052297741036654'];

async function checked(platform: string, delivery: Promise<{ status: number; body: string }>): Promise<void> {
  const { status, body } = await delivery;
  if (status >= 300) throw new Error(`Rapport answered the ${platform} webhook with ${status}: ${body.slice(0, 200)}`);
}

const meta = (m: RouteMessage, platform: 'facebook' | 'instagram' | 'whatsapp', payload: MetaPayload) => checked(platform, m.fakes.meta.deliver(m.targets.webhookUrl(platform), payload));
const { facebook, instagram, whatsapp, line, telegram, x } = demoPlatform;

/**
 * How a customer's message reaches Rapport on each route, as the platform would deliver it: a webhook signed by the
 * platform's fake, or a mail over SMTP. Public routes resolve to the id of the post they created, so later messages can answer it.
 */
export const deliverOnRoute: Record<TrafficRoute, (m: RouteMessage) => Promise<string | undefined>> = {
  async facebook(m) {
    const post = brandPosts[m.brandPost % brandPosts.length] as string;
    const commentId = `${post}_${m.serial()}`;
    const from = { id: m.ids.psid, name: m.persona.name };
    await meta(m, 'facebook', feedComment({ pageId: facebook.pageId, postId: `${facebook.pageId}_${post}`, commentId, ...(m.parent === undefined ? {} : { parentId: m.parent }), from, message: m.text, at: m.at }));
    return commentId;
  },
  async instagram(m) {
    const commentId = `179${m.serial()}`;
    const mediaId = brandMedia[m.brandPost % brandMedia.length] as string;
    const from = { id: m.ids.igsid, username: m.persona.handle };
    await meta(m, 'instagram', instagramComment({ igId: instagram.igId, commentId, mediaId, from, text: m.text, ...(m.parent === undefined ? {} : { parentId: m.parent }), at: m.at }));
    return commentId;
  },
  async x(m) {
    m.fakes.x.addUser({ id: m.ids.xUserId, username: m.persona.handle, name: m.persona.name, followers: 40 + m.persona.serial * 37 });
    // X delivers to the brand's Account Activity only what mentions or answers the brand.
    const text = m.text.includes(`@${x.username}`) ? m.text : `@${x.username} ${m.text}`;
    const post = m.fakes.x.addPost({ author: m.ids.xUserId, text, at: m.at, ...(m.parent === undefined ? {} : { inReplyTo: m.parent }) });
    await m.fakes.x.deliverPost(post);
    return post.id;
  },
  async 'x-dm'(m) {
    m.fakes.x.addUser({ id: m.ids.xUserId, username: m.persona.handle, name: m.persona.name });
    await m.fakes.x.receiveDm({ from: m.ids.xUserId, to: x.userId, text: m.text, at: m.at });
    return undefined;
  },
  messenger: async (m) => void (await meta(m, 'facebook', messengerMessage({ pageId: facebook.pageId, psid: m.ids.psid, mid: `m_${randomBytes(24).toString('base64url')}`, text: m.text, at: m.at }))),
  'instagram-dm': async (m) => void (await meta(m, 'instagram', instagramMessage({ igId: instagram.igId, igsid: m.ids.igsid, mid: `aWdf${randomBytes(24).toString('base64url')}`, text: m.text, at: m.at }))),
  async whatsapp(m) {
    const id = `wamid.${randomBytes(27).toString('base64')}`;
    await meta(m, 'whatsapp', whatsappMessage(whatsapp.number, { waId: m.ids.waId, name: m.persona.name, id, at: m.at, message: { type: 'text', text: { body: m.text } } }));
    return undefined;
  },
  async line(m) {
    const event = lineMessageEvent({ source: { type: 'user', userId: m.ids.lineUserId }, at: m.at, message: lineText({ id: String(m.serial() * 1000), text: m.text }) });
    await checked('line', m.fakes.line.deliver(m.targets.webhookUrl('line'), lineWebhook(line.botUserId, [event])));
    return undefined;
  },
  async telegram(m) {
    const [first = m.persona.name, ...rest] = m.persona.name.split(' ');
    const user = { id: m.ids.telegramId, first_name: first, ...(rest.length === 0 ? {} : { last_name: rest.join(' ') }), username: m.persona.handle };
    const update = telegramUpdate(m.serial(), 'message', telegramMessage({ messageId: m.serial(), from: user, chat: telegramPrivateChat(user), at: m.at, content: telegramText(m.text) }));
    await checked('telegram', m.fakes.telegram.deliver(update, { botId: telegram.botId }));
    return undefined;
  },
  async email(m) {
    await sendCustomerMail(m.targets.smtp, m.mail, { persona: m.persona, subject: m.subject, text: m.text });
    return undefined;
  },
};
