import { platformNames, type MessageVisibility, type Platform } from './enums.js';
import { limits } from './limits.js';

/**
 * What a platform allows a brand's reply. The reply API refuses a reply that breaks them (replyRuleBreaches) before
 * anything is queued, and the composer warns with the same checks while the agent types.
 */
export interface ChannelRules {
  /** Most characters of a reply, by where it is posted. */
  replyChars: Record<MessageVisibility, number>;
  /**
   * Whether a public conversation (a comment, a mention, a group message) may be answered privately (DM, private reply,
   * LINE's push to the author). Where the platform allows it only to some people (a Telegram bot may write only to users
   * who started it), the send step finds out and says so on the message.
   */
  privateReplyToPublic: boolean;
  /** Hours after the customer's last message in which a free-form private reply is allowed; null when unlimited. */
  messagingWindowHours: number | null;
  /**
   * Whether an approved message template can be sent instead of free text, also outside the messaging window. Where it
   * can, the window is a hard rule the API enforces; elsewhere (Messenger, Instagram) an account may be allowed longer
   * (Meta's human-agent tag), so the window is checked when the reply is sent.
   */
  templates: boolean;
  /** Whether Rapport can send a written reply on it at all (a phone call cannot be answered in writing). */
  writtenReplies: boolean;
}

const unlimited = limits.messageTextChars;

/** The rules of each platform (published platform limits, rounded down where they vary by client). */
export const channelRules: Record<Platform, ChannelRules> = {
  x: { replyChars: { public: 280, private: 10_000 }, privateReplyToPublic: true, messagingWindowHours: null, templates: false, writtenReplies: true },
  facebook: { replyChars: { public: 8_000, private: 2_000 }, privateReplyToPublic: true, messagingWindowHours: 24, templates: false, writtenReplies: true },
  instagram: { replyChars: { public: 2_200, private: 1_000 }, privateReplyToPublic: true, messagingWindowHours: 24, templates: false, writtenReplies: true },
  whatsapp: { replyChars: { public: 4_096, private: 4_096 }, privateReplyToPublic: false, messagingWindowHours: 24, templates: true, writtenReplies: true },
  line: { replyChars: { public: 5_000, private: 5_000 }, privateReplyToPublic: true, messagingWindowHours: null, templates: false, writtenReplies: true },
  telegram: { replyChars: { public: 4_096, private: 4_096 }, privateReplyToPublic: true, messagingWindowHours: null, templates: false, writtenReplies: true },
  email: { replyChars: { public: unlimited, private: unlimited }, privateReplyToPublic: false, messagingWindowHours: null, templates: false, writtenReplies: true },
  webchat: { replyChars: { public: 10_000, private: 10_000 }, privateReplyToPublic: false, messagingWindowHours: null, templates: false, writtenReplies: true },
  phone: { replyChars: { public: 0, private: 0 }, privateReplyToPublic: false, messagingWindowHours: null, templates: false, writtenReplies: false },
  api: { replyChars: { public: unlimited, private: unlimited }, privateReplyToPublic: true, messagingWindowHours: null, templates: false, writtenReplies: true },
};

/** A reply as the rules see it. */
export interface ReplyToCheck {
  channel: Platform;
  /** Where the conversation is: a public thread (a post, a comment) or a private one (DMs, email). */
  conversationVisibility: MessageVisibility;
  /** Where the reply goes. */
  visibility: MessageVisibility;
  text: string;
  /** Whether an approved template is sent instead of free text. */
  template: boolean;
  /** When the customer last wrote (epoch ms); null when never. */
  lastInboundAt: number | null;
  now: number;
}

/** A rule of `channelRules` a reply breaks: the request field at fault, the rule (`<channel>.<rule>`, e.g. `x.replyChars.public`) and why. */
export interface ReplyRuleBreach {
  field: 'text' | 'visibility' | 'template';
  rule: string;
  message: string;
}

const hourMs = 3_600_000;

/** The length of a reply as the platforms count it: in characters (code points), not UTF-16 units. */
export function replyLength(text: string): number {
  return [...text].length;
}

/** Whether the customer's messaging window of a channel is closed (never, for a channel without one). */
export function messagingWindowClosed(channel: Platform, lastInboundAt: number | null, now: number): boolean {
  const hours = channelRules[channel].messagingWindowHours;
  return hours !== null && (lastInboundAt === null || now - lastInboundAt > hours * hourMs);
}

/** Every rule of the conversation's channel the reply breaks; none when it may be queued. */
export function replyRuleBreaches(reply: ReplyToCheck): ReplyRuleBreach[] {
  const { channel, visibility } = reply;
  const rules = channelRules[channel];
  const name = platformNames[channel];
  if (!rules.writtenReplies) return [{ field: 'text', rule: `${channel}.writtenReplies`, message: `${name} conversations cannot be answered in writing` }];
  const breaches: ReplyRuleBreach[] = [];
  if (visibility === 'private' && reply.conversationVisibility === 'public' && !rules.privateReplyToPublic) {
    breaches.push({ field: 'visibility', rule: `${channel}.privateReplyToPublic`, message: `${name} has no private reply to a public post: answer it in public` });
  }
  const limit = rules.replyChars[visibility];
  const length = replyLength(reply.text);
  if (length > limit) {
    breaches.push({
      field: 'text', rule: `${channel}.replyChars.${visibility}`,
      message: `${name} takes at most ${limit.toLocaleString('en')} characters in a ${visibility} reply; this one has ${length.toLocaleString('en')}`,
    });
  }
  if (reply.template && !rules.templates) {
    breaches.push({ field: 'template', rule: `${channel}.templates`, message: `${name} has no message templates: send the text alone` });
  } else if (rules.templates && !reply.template && visibility === 'private' && messagingWindowClosed(channel, reply.lastInboundAt, reply.now)) {
    const when = reply.lastInboundAt === null ? 'the customer has not written' : `the customer last wrote at ${new Date(reply.lastInboundAt).toISOString()}`;
    breaches.push({
      field: 'template', rule: `${channel}.messagingWindowHours`,
      message: `${name} takes free-form replies only within ${rules.messagingWindowHours ?? 0} hours of the customer's last message (${when}): send an approved template`,
    });
  }
  return breaches;
}
