import type { Logger } from '../../../infra/logger.js';
import { lineMessageEvent, lineText, lineWebhook } from '../../channels/line/line.fake-payloads.js';
import type { FakeSend } from '../../channels/meta/meta.fake-graph.js';
import { feedComment, instagramComment, instagramMessage, messengerEvent, messengerMessage, whatsappMessage, whatsappStatus, type MetaPayload } from '../../channels/meta/meta.fake-payloads.js';
import { telegramMessage, telegramPrivateChat, telegramText, telegramUpdate } from '../../channels/telegram/telegram.fake-payloads.js';
import { demoPlatform } from '../demo-channels.js';
import { personaByPlatformId } from '../simulator/traffic.identities.js';
import type { TrafficTargets } from '../simulator/traffic.routes.js';
import type { DemoFakes } from './demo-fakes.js';

/** What follows a reply on the platform, in real time: it is delivered, then read, then (sometimes) answered. */
const followUpMs = { delivered: 1_500, read: 5_000, answered: 15_000 } as const;

/** What customers write back to an agent's reply. Written for the demo. */
const customerAnswers = [
  'Thank you, that\'s really helpful!',
  'Great, thanks for sorting it out so quickly.',
  'OK, I\'ll keep an eye on my inbox.',
  'Perfect, thanks 👍',
  'Thanks! One more thing: can I add a bag to the same booking?',
  'Appreciate the answer. Still not happy about the delay, but thank you.',
];

/** The platforms' reactions to Rapport's sends while the demo runs. */
export interface DeliveryEchoes {
  /** Cancels what is still to come and waits for deliveries in flight. */
  stop(): Promise<void>;
}

type Delivery = () => Promise<{ status: number; body: string }>;

/** What each platform's echo needs: the fakes, Rapport's endpoints, a way to deliver later, and the customer's answer (if any). */
interface EchoDeps {
  fakes: DemoFakes;
  targets: Pick<TrafficTargets, 'webhookUrl'>;
  later(delayMs: number, what: string, deliver: Delivery): void;
  answer(): string | undefined;
}

/**
 * Makes the fakes behave like the platforms after Rapport sends a message: WhatsApp reports it delivered and read,
 * Messenger delivered, Instagram seen, and a reply under a Facebook or Instagram comment comes back through the page's
 * feed (Instagram: comments) webhook as the brand's own comment, each through a signed webhook (X echoes posts and DMs
 * by itself). With `answers`, two replies in three also get an answer from the customer on WhatsApp, Messenger,
 * Instagram, LINE and Telegram, so a conversation goes on.
 */
export function startDeliveryEchoes(fakes: DemoFakes, targets: Pick<TrafficTargets, 'webhookUrl'>, options: { answers: boolean; logger: Logger }): DeliveryEchoes {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let sends = 0;
  const report = (what: string) => ({
    answered: ({ status, body }: { status: number; body: string }) => void (status >= 300 && options.logger.warn({ status, body: body.slice(0, 200) }, `demo ${what} was refused`)),
    failed: (error: unknown) => options.logger.warn({ err: error }, `demo ${what} could not be delivered`),
  });
  const deps: EchoDeps = {
    fakes,
    targets,
    later(delayMs, what, deliver) {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const delivery = deliver().then(report(what).answered, report(what).failed).finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }, delayMs);
      timers.add(timer);
    },
    answer: () => (options.answers && (sends += 1) % 3 !== 0 ? customerAnswers[sends % customerAnswers.length] : undefined),
  };
  fakes.meta.onSent((send) => echoMetaSend(deps, send));
  fakes.line.onSent((send) => answerOnLine(deps, send.to));
  fakes.telegram.onSent((send) => answerOnTelegram(deps, send.chatId, send.messageId));
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}

const metaDelivery = (deps: EchoDeps, platform: 'facebook' | 'instagram' | 'whatsapp', payload: () => MetaPayload): Delivery => () => deps.fakes.meta.deliver(deps.targets.webhookUrl(platform), payload());

function echoMetaSend(deps: EchoDeps, send: FakeSend): void {
  if (send.kind === 'comment-reply') return echoCommentReply(deps, send);
  if (send.kind === 'private-reply') return echoPrivateReply(deps, send);
  if (send.kind !== 'message' && send.kind !== 'template') return;
  const { facebook, instagram, whatsapp } = demoPlatform;
  const meta = (platform: 'facebook' | 'instagram' | 'whatsapp', payload: () => MetaPayload): Delivery => metaDelivery(deps, platform, payload);
  const customer = send.target;
  const text = deps.answer();
  if (send.assetId === whatsapp.number.phoneNumberId) {
    const status = (value: 'delivered' | 'read') => meta('whatsapp', () => whatsappStatus(whatsapp.number, { id: send.id, status: value, recipientId: customer, at: Date.now() }));
    deps.later(followUpMs.delivered, 'WhatsApp delivery status', status('delivered'));
    deps.later(followUpMs.read, 'WhatsApp read status', status('read'));
    const name = personaByPlatformId(customer)?.name;
    if (text !== undefined) {
      deps.later(followUpMs.answered, 'WhatsApp answer', meta('whatsapp', () => whatsappMessage(whatsapp.number, {
        waId: customer, ...(name === undefined ? {} : { name }), id: `wamid.answer.${Date.now()}`, at: Date.now(), contextId: send.id, message: { type: 'text', text: { body: text } },
      })));
    }
  } else if (send.assetId === facebook.pageId) {
    deps.later(followUpMs.delivered, 'Messenger delivery', meta('facebook', () => messengerEvent({ pageId: facebook.pageId, psid: customer, at: Date.now(), event: { delivery: { mids: [send.id], watermark: Date.now() } } })));
    if (text !== undefined) deps.later(followUpMs.answered, 'Messenger answer', meta('facebook', () => messengerMessage({ pageId: facebook.pageId, psid: customer, mid: `m_answer_${Date.now()}`, text, at: Date.now() })));
  } else if (send.assetId === instagram.igId) {
    deps.later(followUpMs.read, 'Instagram seen', meta('instagram', () => instagramSeen(customer, send.id)));
    if (text !== undefined) deps.later(followUpMs.answered, 'Instagram answer', meta('instagram', () => instagramMessage({ igId: instagram.igId, igsid: customer, mid: `aWdf_answer_${Date.now()}`, text, at: Date.now() })));
  }
}

/** Meta notifies every comment on the brand's posts, its own too: the reply comes back as the page's (or account's) comment. */
function echoCommentReply(deps: EchoDeps, send: FakeSend): void {
  const { facebook, instagram } = demoPlatform;
  const text = send.text ?? '';
  if (send.assetId === facebook.pageId) {
    deps.later(followUpMs.delivered, 'Facebook comment echo', metaDelivery(deps, 'facebook', () => feedComment({
      pageId: facebook.pageId, postId: send.target, commentId: send.id, parentId: send.target, from: { id: facebook.pageId, name: 'Acme Air' }, message: text, at: Date.now(),
    })));
  } else if (send.assetId === instagram.igId) {
    deps.later(followUpMs.delivered, 'Instagram comment echo', metaDelivery(deps, 'instagram', () => instagramComment({
      igId: instagram.igId, commentId: send.id, mediaId: send.target, parentId: send.target, from: { id: instagram.igId, username: 'acmeair' }, text, at: Date.now(),
    })));
  }
}

/** A private reply to a comment is a Messenger (Instagram) message to the commenter: delivered (seen) like any other. */
function echoPrivateReply(deps: EchoDeps, send: FakeSend): void {
  const { facebook, instagram } = demoPlatform;
  // The fake answered with this id for the commenter, as Meta answers with the commenter's PSID.
  const commenter = `psid-of-${send.target}`;
  if (send.assetId === facebook.pageId) {
    deps.later(followUpMs.delivered, 'Messenger delivery', metaDelivery(deps, 'facebook', () => messengerEvent({ pageId: facebook.pageId, psid: commenter, at: Date.now(), event: { delivery: { mids: [send.id], watermark: Date.now() } } })));
  } else if (send.assetId === instagram.igId) {
    deps.later(followUpMs.read, 'Instagram seen', metaDelivery(deps, 'instagram', () => instagramSeen(commenter, send.id)));
  }
}

function answerOnLine(deps: EchoDeps, to: string): void {
  const text = deps.answer();
  // Only a 1:1 chat (a user id) gets an answer, not a group or a room.
  if (text === undefined || !to.startsWith('U')) return;
  deps.later(followUpMs.answered, 'LINE answer', () => deps.fakes.line.deliver(deps.targets.webhookUrl('line'), lineWebhook(demoPlatform.line.botUserId, [
    lineMessageEvent({ source: { type: 'user', userId: to }, at: Date.now(), message: lineText({ id: String(Date.now() * 10), text }) }),
  ])));
}

function answerOnTelegram(deps: EchoDeps, chatId: number, repliedTo: number): void {
  const text = deps.answer();
  // Only a private chat (its id is the customer's) gets an answer.
  if (text === undefined || chatId < 0) return;
  const [first = 'Customer', ...rest] = (personaByPlatformId(String(chatId))?.name ?? 'Customer').split(' ');
  const user = { id: chatId, first_name: first, ...(rest.length === 0 ? {} : { last_name: rest.join(' ') }) };
  const id = Math.floor((Date.now() - 1.7e12) / 100);
  deps.later(followUpMs.answered, 'Telegram answer', () => deps.fakes.telegram.deliver(
    telegramUpdate(id, 'message', telegramMessage({ messageId: id, from: user, chat: telegramPrivateChat(user), at: Date.now(), content: telegramText(text), replyTo: { message_id: repliedTo } })),
    { botId: demoPlatform.telegram.botId },
  ));
}

/** Instagram's messaging_seen event: the customer saw the brand's message. */
function instagramSeen(igsid: string, mid: string): MetaPayload {
  const now = Date.now();
  const { igId } = demoPlatform.instagram;
  return { object: 'instagram', entry: [{ id: igId, time: now, messaging: [{ sender: { id: igsid }, recipient: { id: igId }, timestamp: now, read: { mid } }] }] };
}
