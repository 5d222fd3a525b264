import type { MessageVisibility, Platform } from './enums.js';
import { limits } from './limits.js';

/** What a platform allows a brand's reply: used by the composer to warn before the platform refuses. */
export interface ChannelRules {
  /** Most characters of a reply, by where it is posted. */
  replyChars: Record<MessageVisibility, number>;
  /** Whether a public conversation (a comment, a mention) may be answered privately (DM, private reply). */
  privateReplyToPublic: boolean;
  /** Hours after the customer's last message in which a free-form private reply is allowed; null when unlimited. */
  messagingWindowHours: number | null;
  /** Whether Rapport can send a written reply on it at all (a phone call cannot be answered in writing). */
  writtenReplies: boolean;
}

const unlimited = limits.messageTextChars;

/** The rules of each platform (published platform limits, rounded down where they vary by client). */
export const channelRules: Record<Platform, ChannelRules> = {
  x: { replyChars: { public: 280, private: 10_000 }, privateReplyToPublic: true, messagingWindowHours: null, writtenReplies: true },
  facebook: { replyChars: { public: 8_000, private: 2_000 }, privateReplyToPublic: true, messagingWindowHours: 24, writtenReplies: true },
  instagram: { replyChars: { public: 2_200, private: 1_000 }, privateReplyToPublic: true, messagingWindowHours: 24, writtenReplies: true },
  whatsapp: { replyChars: { public: 4_096, private: 4_096 }, privateReplyToPublic: false, messagingWindowHours: 24, writtenReplies: true },
  line: { replyChars: { public: 5_000, private: 5_000 }, privateReplyToPublic: false, messagingWindowHours: null, writtenReplies: true },
  telegram: { replyChars: { public: 4_096, private: 4_096 }, privateReplyToPublic: false, messagingWindowHours: null, writtenReplies: true },
  email: { replyChars: { public: unlimited, private: unlimited }, privateReplyToPublic: false, messagingWindowHours: null, writtenReplies: true },
  webchat: { replyChars: { public: 10_000, private: 10_000 }, privateReplyToPublic: false, messagingWindowHours: null, writtenReplies: true },
  phone: { replyChars: { public: 0, private: 0 }, privateReplyToPublic: false, messagingWindowHours: null, writtenReplies: false },
  api: { replyChars: { public: unlimited, private: unlimited }, privateReplyToPublic: true, messagingWindowHours: null, writtenReplies: true },
};
