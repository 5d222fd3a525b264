import { JobError } from '../../../infra/queue/queue.port.js';
import type { SendInput } from '../outbound.port.js';
import type { LineReplyContext } from './line.reply-context.repo.js';

/**
 * How long after the customer's message Rapport still tries its reply token. LINE does not publish the validity
 * (observed around 30 s to a minute; unverified): past this age it pushes at once instead of spending a call on a token
 * that has most likely expired. A token LINE rejects still falls back to push, so this is an optimisation, not a rule.
 */
export const replyTokenUsableMs = 50_000;
/** Longest text of one LINE text message. */
export const lineTextLimit = 5_000;

/** Where one reply goes: the push target, the reply token while it is worth trying, and the message object. */
export interface LineSendPlan {
  to: string;
  replyToken: string | undefined;
  message: { type: 'text'; text: string; quoteToken?: string };
}

/** A failure found before calling LINE: final, with its reason shown on the message. */
export function refuse(reason: string): JobError {
  return new JobError(reason, { permanent: true });
}

/**
 * Plans a reply: into the chat the answered message came from (a 1:1 chat, or the group or room for a public
 * conversation, quoting the customer's message there), or privately to the customer's user id when a group message is
 * answered in private.
 */
export function planLineSend(input: SendInput, context: LineReplyContext, now: number): LineSendPlan {
  const { message, conversation } = input;
  if (message.text.trim() === '') throw refuse('A LINE text message cannot be empty');
  if (message.text.length > lineTextLimit) throw refuse(`LINE text messages are limited to ${lineTextLimit.toLocaleString('en')} characters`);
  const source = context.source;
  if (message.visibility === 'private' && conversation.visibility === 'public') {
    // Only a user id (U…) is a person: a group or room id stands in for an author LINE did not name.
    if (context.customerId?.startsWith('U') !== true) throw refuse('LINE did not share who wrote this group message, so it cannot be answered privately');
    return { to: context.customerId, replyToken: undefined, message: { type: 'text', text: message.text } };
  }
  const to = source?.chat.to ?? (conversation.visibility === 'private' ? context.customerId : undefined);
  if (to === undefined) throw refuse('Rapport cannot tell which LINE chat this conversation is in: the message it answers did not arrive by webhook');
  const tokenFresh = source?.replyToken !== undefined && !context.tokenSpent && now - source.at <= replyTokenUsableMs;
  const quote = conversation.visibility === 'public' && source?.quoteToken !== undefined ? { quoteToken: source.quoteToken } : {};
  return { to, replyToken: tokenFresh ? source.replyToken : undefined, message: { type: 'text', text: message.text, ...quote } };
}
