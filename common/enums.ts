/** Enumerations shared by the server and the browser app. */
export const platforms = ['x', 'facebook', 'instagram', 'whatsapp', 'line', 'telegram', 'email', 'webchat', 'phone', 'api'] as const;
/** A platform a channel account lives on. */
export type Platform = (typeof platforms)[number];

/** How each platform is named to people. */
export const platformNames: Record<Platform, string> = {
  x: 'X', facebook: 'Facebook', instagram: 'Instagram', whatsapp: 'WhatsApp', line: 'LINE', telegram: 'Telegram',
  email: 'Email', webchat: 'Web chat', phone: 'Phone', api: 'API',
};

export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
/** Where a conversation stands. */
export type ConversationStatus = (typeof conversationStatuses)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
/** How soon a conversation must be answered; stored as its index (0 = low). */
export type Priority = (typeof priorities)[number];

export const roles = ['admin', 'supervisor', 'agent', 'analyst'] as const;
/** What a member of a workspace may do. */
export type Role = (typeof roles)[number];

export const messageDirections = ['inbound', 'outbound'] as const;
/** Whether a message came from the customer or was sent by the brand. */
export type MessageDirection = (typeof messageDirections)[number];

export const messageVisibilities = ['public', 'private'] as const;
/** Whether a message is visible to everyone on the platform or only to the parties. */
export type MessageVisibility = (typeof messageVisibilities)[number];

export const deliveryStatuses = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;
/** Where a message stands on its way to the platform. */
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const conversationSorts = ['newest', 'oldest', 'waiting', 'priority'] as const;
/** The orders a conversation list can be sorted by. */
export type ConversationSort = (typeof conversationSorts)[number];

export const callDispositions = ['answered', 'missed', 'voicemail', 'abandoned', 'callback', 'busy', 'failed'] as const;
/**
 * How a phone call ended: `answered` (the two parties spoke), `missed` (it rang out unanswered), `voicemail` (a message
 * was left), `abandoned` (the caller hung up while waiting in the queue), `callback` (the caller asked to be called
 * back), `busy` (the line was engaged), `failed` (it never connected).
 */
export type CallDisposition = (typeof callDispositions)[number];

export const messageKinds = ['message', 'call'] as const;
/** What a thread entry is: a written message, or a phone call recorded by the telephony system. */
export type MessageKind = (typeof messageKinds)[number];
export const sentimentLabels = ['negative', 'neutral', 'positive'] as const;
/** The sentiment triage gives a message (and a conversation, by its newest customer message). */
export type SentimentLabel = (typeof sentimentLabels)[number];
