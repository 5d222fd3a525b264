import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow, ConversationRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import { clearAccountProblem, reportAccountProblem } from '../channel-health.repo.js';
import type { OutboundAdapter, SendInput, SendResult } from '../outbound.port.js';
import { TelegramApiError, type TelegramClient } from './telegram.client.js';
import { parseTelegramMessageKey, telegramMessageKey } from './telegram.parse.js';
import { tgSentMessage } from './telegram.schemas.js';

/** Longest text of one message (after entity parsing; Rapport sends plain text). */
export const telegramTextLimit = 4_096;

/** Where one reply goes: the chat, and in groups the customer message it answers. */
export interface TelegramSendPlan {
  chatId: string;
  replyToMessageId: number | undefined;
}

/**
 * Sends replies with sendMessage: into the chat of the message answered (replying to it in groups, so the thread is
 * visible there), or to the customer's private chat when a group message is answered in private.
 *
 * Telegram has no idempotency key. Double sends are avoided by the send job's state check (a reply leaves `queued` once
 * Telegram accepted it) and, within this process, by remembering accepted sends by idempotency key. Residual risk: a
 * send Telegram accepted but whose answer was lost (a timeout, a dropped connection, a proxy's 5xx) is retried and the
 * customer sees the text twice; there is no way to ask Telegram whether it was delivered.
 */
export function createTelegramOutbound(ctx: AppContext, client: TelegramClient): OutboundAdapter {
  const recent = new Map<string, SendResult>();
  return {
    platform: 'telegram',
    async send(input): Promise<SendResult> {
      const remembered = recent.get(input.idempotencyKey);
      if (remembered !== undefined) return remembered;
      const botToken = accountCredentials(ctx, input.account).botToken;
      if (botToken === undefined || botToken === '') {
        await reportAccountProblem(ctx.db.kysely, input.account, 'error', 'Access token', 'no botToken in the account\'s credentials, so Rapport cannot send on this account', ctx.clock.now());
        throw refuse('The Telegram account has no bot token; add botToken to the account\'s credentials');
      }
      const plan = planTelegramSend(input, await customerUserId(ctx, input.conversation));
      try {
        const result = await sendMessage(client, botToken, plan, input);
        await clearAccountProblem(ctx.db.kysely, input.account, 'Access token', ctx.clock.now());
        recent.set(input.idempotencyKey, result);
        if (recent.size > 1_000) recent.delete(recent.keys().next().value ?? '');
        return result;
      } catch (error) {
        throw await toJobError(ctx, input.account, error);
      }
    },
  };
}

/** Plans a reply from the conversation and the message it answers (`chat:message` ids carry the chat). */
export function planTelegramSend(input: SendInput, customerId: string | undefined): TelegramSendPlan {
  const { message, conversation } = input;
  if (message.text.trim() === '') throw refuse('A Telegram message cannot be empty');
  if (message.text.length > telegramTextLimit) throw refuse(`Telegram messages are limited to ${telegramTextLimit.toLocaleString('en')} characters`);
  const parent = parseTelegramMessageKey(message.parent_platform_id);
  if (message.visibility === 'private' && conversation.visibility === 'public') {
    // A negative id is a chat that wrote on its own behalf (an anonymous admin, a channel): no person to write to.
    if (customerId === undefined || customerId.startsWith('-')) throw refuse('This group message was not written by a person Rapport can message privately');
    return { chatId: customerId, replyToMessageId: undefined };
  }
  const chatId = parent?.chatId ?? (conversation.visibility === 'private' ? customerId : undefined);
  if (chatId === undefined) throw refuse('Rapport cannot tell which Telegram chat this conversation is in');
  return { chatId, replyToMessageId: conversation.visibility === 'public' ? parent?.messageId : undefined };
}

async function sendMessage(client: TelegramClient, botToken: string, plan: TelegramSendPlan, input: SendInput): Promise<SendResult> {
  const params = (chatId: string | number) => ({
    chat_id: typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId,
    text: input.message.text,
    ...(plan.replyToMessageId === undefined ? {} : { reply_parameters: { message_id: plan.replyToMessageId, allow_sending_without_reply: true } }),
  });
  let result: unknown;
  try {
    result = await client.call('sendMessage', botToken, params(plan.chatId), input.account.id);
  } catch (error) {
    // A group upgraded to a supergroup: Telegram sent nothing and names the new chat, so sending there is safe.
    if (!(error instanceof TelegramApiError) || error.kind !== 'migrated' || error.details.migrateToChatId === undefined) throw error;
    result = await client.call('sendMessage', botToken, params(error.details.migrateToChatId), input.account.id);
  }
  const sent = tgSentMessage.safeParse(result);
  // Telegram accepted the message: an answer of unexpected shape must not make the job send it again.
  return { platformMessageId: sent.success ? telegramMessageKey(sent.data.chat.id, sent.data.message_id) : `telegram:${input.idempotencyKey}`, deliveryStatus: 'sent' };
}

/** The customer's Telegram user id (their latest identity on the conversation's contact). */
async function customerUserId(ctx: AppContext, conversation: ConversationRow): Promise<string | undefined> {
  const identity = await ctx.db.kysely.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', conversation.workspace_id).where('contact_id', '=', conversation.contact_id).where('platform', '=', 'telegram')
    .orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return identity?.platform_user_id;
}

function refuse(reason: string): JobError {
  return new JobError(reason, { permanent: true });
}

/** Turns a Bot API failure into what the job queue understands: wait, back off, or fail with Telegram's description. */
async function toJobError(ctx: AppContext, account: ChannelAccountRow, error: unknown): Promise<JobError> {
  if (error instanceof JobError) return error;
  if (!(error instanceof TelegramApiError)) return new JobError(error instanceof Error ? error.message : String(error));
  switch (error.kind) {
    case 'rate-limited':
      return new JobError(`Rate limited: ${error.message}`, { retryAfterMs: error.details.retryAfterMs ?? 5_000 });
    case 'transient':
      return new JobError(`Telegram could not take the message right now: ${error.message}`);
    case 'auth':
      await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by Telegram: ${error.message}`, ctx.clock.now());
      return new JobError(`The account's bot token was rejected; update botToken in its credentials: ${error.message}`, { permanent: true });
    case 'migrated':
    case 'permanent':
      return new JobError(`Telegram refused the message: ${error.message}`, { permanent: true });
  }
}
