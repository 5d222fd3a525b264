import { z } from 'zod';
import { JobError } from '../../../infra/queue/queue.port.js';
import type { ChannelCredentials } from '../channel.port.js';
import type { SendInput } from '../outbound.port.js';
import { rapportEchoPrefix } from './messaging.parse.js';
import type { MetaPlatform } from './meta.parse.js';

/** The Graph request that sends one message, and where the new message's id is in the answer. */
export interface SendPlan {
  path: string;
  auth: 'query' | 'bearer';
  body: Record<string, unknown>;
  response: z.ZodType<{ id: string }>;
  /** What is being sent, for error messages: "reply to the comment", "WhatsApp template", … */
  what: string;
}

/** What a plan needs besides the message: the customer's platform id (for DMs) and the current time (for windows). */
export interface PlanFacts {
  credentials: ChannelCredentials;
  recipientId: string | undefined;
  now: number;
}

const hour = 3_600_000;
/** Free-form messages are allowed this long after the customer's last message (Messenger, Instagram, WhatsApp). */
export const standardWindowMs = 24 * hour;
/** Messenger / Instagram HUMAN_AGENT tag: a human may answer this long after the customer's last message (needs Meta's approval). */
export const humanAgentWindowMs = 7 * 24 * hour;
/** Longest text each platform takes: [comment reply, message]. */
const textLimits: Record<MetaPlatform, [number, number]> = { facebook: [8_000, 2_000], instagram: [2_200, 1_000], whatsapp: [4_096, 4_096] };

/** How each platform is named in messages shown to agents. */
export const platformLabels: Record<MetaPlatform, string> = { facebook: 'Messenger', instagram: 'Instagram', whatsapp: 'WhatsApp' };

const messageIdAnswer = z.looseObject({ message_id: z.string().min(1) }).transform((answer) => ({ id: answer.message_id }));
const objectIdAnswer = z.looseObject({ id: z.string().min(1) }).transform((answer) => ({ id: answer.id }));
const whatsappAnswer = z.looseObject({ messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1) }).transform((answer) => ({ id: answer.messages[0]?.id ?? '' }));

/** An approved WhatsApp template to send instead of free text (outside the 24-hour window), kept in the message's metadata. */
export const whatsappTemplate = z.strictObject({
  name: z.string().min(1).max(512),
  language: z.strictObject({ code: z.string().min(2).max(15) }),
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
});
/** A WhatsApp template message. */
export type WhatsappTemplate = z.infer<typeof whatsappTemplate>;

/** A failure found before calling the platform: final, with its reason shown on the message. */
export function refuse(reason: string): JobError {
  return new JobError(reason, { permanent: true });
}

/** Builds the Graph request that sends a message on a Meta platform: a comment reply, a private reply or a DM. */
export function planMetaSend(platform: MetaPlatform, input: SendInput, facts: PlanFacts): SendPlan {
  const { message, conversation } = input;
  const limit = textLimits[platform][message.visibility === 'public' ? 0 : 1];
  if (message.text.length > limit) throw refuse(`${message.visibility === 'public' ? `${platform === 'facebook' ? 'Facebook' : 'Instagram'} comments` : `${platformLabels[platform]} messages`} are limited to ${limit.toLocaleString('en')} characters`);
  if (platform === 'whatsapp') return planWhatsapp(input, facts);
  const target = message.parent_platform_id;
  if (message.visibility === 'public') {
    if (target === null) throw refuse('There is no customer comment to reply to in this conversation');
    return platform === 'facebook'
      ? { path: `${encodeURIComponent(target)}/comments`, auth: 'query', body: { message: message.text }, response: objectIdAnswer, what: 'reply to the comment' }
      : { path: `${encodeURIComponent(target)}/replies`, auth: 'query', body: { message: message.text }, response: objectIdAnswer, what: 'reply to the comment' };
  }
  const sender = platform === 'facebook' ? encodeURIComponent(input.account.platform_account_id ?? 'me') : 'me';
  const text = platform === 'facebook' ? { text: message.text, metadata: `${rapportEchoPrefix}${input.idempotencyKey}` } : { text: message.text };
  if (conversation.visibility === 'public') {
    if (target === null) throw refuse('There is no customer comment to answer privately in this conversation');
    return { path: `${sender}/messages`, auth: 'query', body: { recipient: { comment_id: target }, message: text }, response: messageIdAnswer, what: 'private reply to the comment' };
  }
  if (facts.recipientId === undefined) throw refuse('The customer of this conversation has no identity on this channel to send to');
  const label = platformLabels[platform];
  const since = facts.now - Number(conversation.last_inbound_at ?? 0);
  let messaging: Record<string, unknown>;
  if (conversation.last_inbound_at !== null && since <= standardWindowMs) messaging = platform === 'facebook' ? { messaging_type: 'RESPONSE' } : {};
  else if (facts.credentials.humanAgentTag === 'true' && conversation.last_inbound_at !== null && since <= humanAgentWindowMs) messaging = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  else throw refuse(`${label} allows replies only within 24 hours of the customer's last message${lastMessageNote(conversation.last_inbound_at)}; wait for the customer to write again`);
  return { path: `${sender}/messages`, auth: 'query', body: { recipient: { id: facts.recipientId }, ...messaging, message: text }, response: messageIdAnswer, what: `${label} message` };
}

function planWhatsapp(input: SendInput, facts: PlanFacts): SendPlan {
  const { message, conversation, account } = input;
  const phoneNumberId = account.platform_account_id ?? facts.credentials.phoneNumberId;
  if (phoneNumberId === undefined || phoneNumberId === '') throw refuse('The WhatsApp account has no phone number id (set it as the account\'s platform account id)');
  if (facts.recipientId === undefined) throw refuse('The customer of this conversation has no WhatsApp number to send to');
  const common = { messaging_product: 'whatsapp', recipient_type: 'individual', to: facts.recipientId };
  const path = `${encodeURIComponent(phoneNumberId)}/messages`;
  const template = templateOf(message.metadata);
  if (template !== undefined) return { path, auth: 'bearer', body: { ...common, type: 'template', template }, response: whatsappAnswer, what: `WhatsApp template ${template.name}` };
  const open = conversation.last_inbound_at !== null && facts.now - Number(conversation.last_inbound_at) <= standardWindowMs;
  if (!open) {
    throw refuse(`WhatsApp's 24-hour customer service window is closed${lastMessageNote(conversation.last_inbound_at)}: a free-form reply is not allowed; send an approved message template instead`);
  }
  return { path, auth: 'bearer', body: { ...common, type: 'text', text: { preview_url: false, body: message.text } }, response: whatsappAnswer, what: 'WhatsApp message' };
}

/** The template a queued WhatsApp message asks for (`metadata.template`), if any; a malformed one is refused. */
export function templateOf(metadata: string): WhatsappTemplate | undefined {
  const parsed = JSON.parse(metadata) as { template?: unknown };
  if (parsed.template === undefined) return undefined;
  const template = whatsappTemplate.safeParse(parsed.template);
  if (!template.success) throw refuse(`The WhatsApp template on this message is malformed: ${template.error.issues[0]?.message ?? 'invalid'}`);
  return template.data;
}

function lastMessageNote(lastInboundAt: number | null): string {
  return lastInboundAt === null ? ' (the customer has not written on this conversation)' : ` (the customer last wrote at ${new Date(Number(lastInboundAt)).toISOString()})`;
}
