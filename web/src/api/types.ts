/**
 * The API's JSON as the browser app reads it. The enumerations come from common/; the shapes mirror the server's
 * zod views (test/e2e/api-types.test.ts fails the build when they drift apart).
 */
import type { CallDisposition, ConversationStatus, DeliveryStatus, MessageDirection, MessageKind, MessageVisibility, Platform, Priority, Role, SentimentLabel } from '../../../common/enums.js';

/** A workspace (brand) with the caller's role in it. */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  createdAt: string;
  role: string;
}

/** A user as the API shows it. */
export interface User {
  id: string;
  email: string;
  name: string;
  role?: Role | undefined;
  createdAt: string;
}

/** The signed-in user, the CSRF token and the workspaces it can use (login and GET /me). */
export interface Me {
  user: User | null;
  token: { id: string; workspaceId: string; role: string } | null;
  csrfToken: string | null;
  workspaces: Workspace[];
}

/** A member of a workspace. */
export interface Member extends User {
  role: Role;
}

/** A conversation as the API and live events show it. */
export interface Conversation {
  id: string;
  accountId: string;
  contactId: string;
  channel: Platform;
  visibility: MessageVisibility;
  subject: string | null;
  status: ConversationStatus;
  priority: Priority;
  queueId: string | null;
  assigneeId: string | null;
  tags: string[];
  messageCount: number;
  firstInboundAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string;
  lastInboundAt: string | null;
  waitingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What an inbox row shows besides the conversation: its contact, last message and triage. */
export interface ConversationSummary {
  contact: { id: string; displayName: string | null; handle: string | null };
  lastMessage: { id: string; text: string; direction: MessageDirection; sentAt: string } | null;
  triage: { sentiment: SentimentLabel; intent: string | null; personalData: string[] } | null;
  /** Whether the customer wrote since the signed-in user last read it (the server keeps the markers). */
  unread: boolean;
}

/** One row of a conversation list. */
export interface ConversationListItem extends Conversation, ConversationSummary {}

/** Sentiment classes triage reports. */
export type { SentimentLabel };

/** What triage found on an inbound message. */
export interface MessageTriage {
  sentiment: { label: SentimentLabel; score: number };
  intent: { label: string; confidence: number; decided: boolean };
  language: string;
  languageReliable: boolean;
  personalData: Array<'card' | 'bank_account' | 'phone' | 'email' | 'national_id'>;
  personalDataMasked: boolean;
  urgency: number;
  influence: number;
  /** Why the author counts as a valuable customer (the contact field and value the workspace's rule matched); null otherwise. */
  customerValue: { level: 'high' | 'top'; field: string; value: string | number | boolean } | null;
  /** How viral a public message is, 0..1 (counters and thread growth); null for a private message. */
  virality: number | null;
  /** Why virality raised the priority: the thread's growth and the message's counters; null otherwise. */
  viralityReason: { raisedTo: 'high' | 'urgent'; recentMessages: number; perHour: number; reposts: number; replies: number; likes: number } | null;
  spam: { score: number; isSpam: boolean };
}

/** Metadata of a file, image or location attached to a message. */
export interface Attachment {
  type: 'image' | 'video' | 'audio' | 'file' | 'sticker' | 'location' | 'contact';
  url?: string | undefined;
  mimeType?: string | undefined;
  name?: string | undefined;
  sizeBytes?: number | undefined;
  caption?: string | undefined;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

/** A message as the API and live events show it. */
export interface Message {
  id: string;
  conversationId: string;
  accountId: string;
  channel: Platform;
  direction: MessageDirection;
  visibility: MessageVisibility;
  platformMessageId: string | null;
  parentPlatformId: string | null;
  text: string;
  attachments: Attachment[];
  authorContactId: string | null;
  authorUserId: string | null;
  sentAt: string;
  receivedAt: string;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  editedAt: string | null;
  deletedByAuthorAt: string | null;
  triage: MessageTriage | null;
  suggestedReply: string | null;
  /** Set while the public comment is hidden on its platform (nothing is deleted). */
  hidden: HiddenState | null;
  /** `call` for a phone call the telephony system recorded (details in `call`). */
  kind: MessageKind;
  call: CallDetails | null;
}

/** A phone call as the telephony system reported it. */
export interface CallDetails {
  direction: MessageDirection;
  /** The customer's number, E.164. */
  callerNumber: string;
  agentId: string | null;
  startedAt: string;
  durationSeconds: number;
  disposition: CallDisposition;
  notes: string | null;
  /** http(s) only; link to it with rel="noopener noreferrer". */
  recordingUrl: string | null;
}

/** When, why and by whom a public comment was hidden on its platform. */
export interface HiddenState {
  at: string;
  reason: string;
  by: string | null;
}

/** What changed on a message (an edit, a deletion, a delivery status). */
export type MessageChange = Partial<Message> & { id: string; conversationId: string };

/** An internal note. */
export interface Note {
  id: string;
  conversationId: string;
  authorUserId: string | null;
  text: string;
  mentions: string[];
  createdAt: string;
}

/** A conversation with its thread. */
export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
  notes: Note[];
}

/** How one platform knows a contact. */
export interface Identity {
  id: string;
  channel: Platform;
  platformUserId: string;
  handle: string | null;
  displayName: string | null;
  followers: number | null;
  verified: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A contact with its identities on every channel. */
export interface Contact {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  customFields: Record<string, unknown>;
  mergedIntoId: string | null;
  identities: Identity[];
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** An internal note on a customer's profile. */
export interface ContactNote {
  id: string;
  contactId: string;
  authorUserId: string | null;
  text: string;
  createdAt: string;
}

/** A profile: the contact, its newest conversations (and how many there are in all) and its newest notes. */
export interface ContactDetail {
  contact: Contact;
  conversations: Conversation[];
  conversationCount: number;
  notes: ContactNote[];
}

/** How many conversations a slice of the inbox holds, and how many are unread for the signed-in user. */
export interface SliceCount {
  total: number;
  unread: number;
}

/** The inbox counts per view and queue. */
export interface ConversationCounts {
  mine: SliceCount;
  unassigned: SliceCount;
  all: SliceCount;
  queues: Array<{ queueId: string; total: number; unread: number }>;
}

/** A conversation's read state for the signed-in user. */
export interface ReadState {
  conversationId: string;
  readUpTo: string | null;
  unread: boolean;
}

/** A queue (team). */
export interface Queue {
  id: string;
  slug: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

/** A channel account with its health. */
export interface Account {
  id: string;
  channel: Platform;
  handle: string;
  name: string;
  platformAccountId: string | null;
  hasCredentials: boolean;
  /** Web chat accounts only: the sites that may embed the widget. */
  allowedOrigins?: string[];
  health: { status: string; detail: string | null; checkedAt: string | null };
  createdAt: string;
}

/** An API token (never its secret, except once at creation). */
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scopes: string[] | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One bucket of a duration histogram. */
export interface DurationBucket {
  label: string;
  maxSeconds: number | null;
  count: number;
}

/** The dashboards' figures. */
export interface Analytics {
  from: string;
  to: string;
  timeZone: string;
  totals: { inboundMessages: number; conversations: number; resolved: number; firstResponseAvgSeconds: number | null; triageSampled: boolean };
  volumeByChannelHour: Array<{ channel: Platform; hour: number; count: number }>;
  volumeByDay: Array<{ day: string; channel: Platform; count: number }>;
  firstResponse: DurationBucket[];
  resolution: DurationBucket[];
  sentimentByDay: Array<{ day: string; negative: number; neutral: number; positive: number }>;
  topIntents: Array<{ intent: string; count: number }>;
  backlogByQueue: Array<{ queueId: string | null; queueName: string; open: number; pending: number; snoozed: number }>;
}

/** An RFC 9457 problem as the API answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ path: string; message: string; rule?: string }>;
}
