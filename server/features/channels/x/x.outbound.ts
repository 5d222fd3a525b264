import { z } from 'zod';
import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow, MessageRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { clearAccountProblem, reportAccountProblem } from '../channel-health.repo.js';
import { recordingAdapter, type OutboundAdapter, type SendInput, type SendResult } from '../outbound.port.js';
import type { XApiClient } from './x-api.client.js';
import { XApiError } from './x-api.errors.js';
import { callWithRenewal, type XUserTokens } from './x-tokens.js';
import { xId } from './x.schemas.js';

const postAnswer = z.looseObject({ data: z.looseObject({ id: xId }) }).transform((answer) => ({ id: answer.data.id }));
const dmAnswer = z.looseObject({ data: z.looseObject({ dm_conversation_id: z.string(), dm_event_id: xId }) }).transform((answer) => ({ id: answer.data.dm_event_id }));
/** X's limit on one direct message. */
const dmTextLimit = 10_000;
/** How far back an echo of the reply may be dated: X's v1.1 times have whole seconds. */
const echoSkewMs = 60_000;

/** The X request that sends one message and where its id is in the answer. */
interface XSendPlan {
  path: string;
  body: Record<string, unknown>;
  response: z.ZodType<{ id: string }>;
  /** The endpoint's rate-limit family, so a spent DM window does not hold back replies. */
  limiter: 'tweets' | 'dm';
  what: string;
}

/**
 * Sends on X with the account's OAuth 2.0 user-context token (`accessToken`, renewed with its `refreshToken` before it
 * expires or when X answers 401): a public reply under the customer's post (POST /2/tweets with
 * reply.in_reply_to_tweet_id), or a direct message (POST /2/dm_conversations/with/:id/messages).
 * An account connected without any credentials is fed through the inbound API; its replies are recorded for that
 * integration to post, as before the X adapter existed.
 */
export function createXOutbound(ctx: AppContext, client: XApiClient, tokens: XUserTokens): OutboundAdapter {
  return {
    platform: 'x',
    async send(input): Promise<SendResult> {
      if (input.account.credentials === null) return recordingAdapter.send(input);
      const token = await tokens.current(input.account);
      if (token === '') {
        await reportAccountProblem(ctx.db.kysely, input.account, 'error', 'Access token', 'none in the account\'s credentials, so Rapport cannot post on this account', ctx.clock.now());
        throw refuse('The X account has no access token; add an OAuth 2.0 user token as accessToken in the account\'s credentials');
      }
      // A try whose answer was lost may still have posted: X's own echo of it, if it came, is adopted instead of posting again.
      const echoed = await findEcho(ctx, input.message);
      if (echoed !== undefined) return { platformMessageId: echoed, deliveryStatus: 'sent' };
      const plan = await planXSend(ctx, input);
      try {
        const answer = await callWithRenewal(tokens, input.account, token, (bearer) => client.call({ method: 'POST', path: plan.path, token: bearer, body: plan.body, limiterKey: `${input.account.id}:${plan.limiter}` }, plan.response));
        await clearAccountProblem(ctx.db.kysely, input.account, 'Access token', ctx.clock.now());
        return { platformMessageId: answer.body.id, deliveryStatus: 'sent' };
      } catch (error) {
        throw await toJobError(ctx, input.account, plan.what, error);
      }
    },
  };
}

/** A failure found before calling X: final, with its reason shown on the message. */
function refuse(reason: string): JobError {
  return new JobError(reason, { permanent: true });
}

async function planXSend(ctx: AppContext, input: SendInput): Promise<XSendPlan> {
  const { message, conversation } = input;
  if (message.text.trim() === '') throw refuse('X does not send an empty message');
  if (message.visibility === 'public') {
    const target = message.parent_platform_id;
    if (target === null) throw refuse('There is no customer post to reply to in this conversation');
    return { path: '/2/tweets', body: { text: message.text, reply: { in_reply_to_tweet_id: target } }, response: postAnswer, limiter: 'tweets', what: 'reply' };
  }
  if (message.text.length > dmTextLimit) throw refuse(`X direct messages are limited to ${dmTextLimit.toLocaleString('en')} characters`);
  const identity = await ctx.db.kysely.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', conversation.workspace_id).where('contact_id', '=', conversation.contact_id).where('platform', '=', 'x')
    .orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  if (identity === undefined) throw refuse('The customer of this conversation has no X identity to send a direct message to');
  return {
    path: `/2/dm_conversations/with/${encodeURIComponent(identity.platform_user_id)}/messages`, body: { text: message.text }, response: dmAnswer, limiter: 'dm', what: 'direct message',
  };
}

/** Reply text as X echoes it: replies come back with the mentioned handles in front. */
const withoutLeadingMentions = (text: string) => text.replace(/^(?:@\w{1,15}\s+)+/, '').trim();

/** The platform id of an echo of this very reply that arrived before Rapport learnt the send succeeded, if any. */
async function findEcho(ctx: AppContext, message: MessageRow): Promise<string | undefined> {
  let query = ctx.db.kysely.selectFrom('messages').select(['platform_message_id', 'text'])
    .where('conversation_id', '=', message.conversation_id).where('direction', '=', 'outbound').where('author_user_id', 'is', null)
    .where('platform_message_id', 'is not', null).where('id', '!=', message.id).where('sent_at', '>=', Number(message.sent_at) - echoSkewMs);
  if (message.visibility === 'public' && message.parent_platform_id !== null) query = query.where('parent_platform_id', '=', message.parent_platform_id);
  const candidates = await query.orderBy('sent_at').limit(20).execute();
  const wanted = withoutLeadingMentions(message.text);
  return candidates.find((candidate) => withoutLeadingMentions(candidate.text) === wanted)?.platform_message_id ?? undefined;
}

/** Turns an X failure into what the job queue understands: wait for the reset, back off, or fail with X's reason on the message. */
async function toJobError(ctx: AppContext, account: ChannelAccountRow, what: string, error: unknown): Promise<JobError> {
  if (error instanceof JobError) return error;
  if (!(error instanceof XApiError)) return new JobError(error instanceof Error ? error.message : String(error));
  switch (error.kind) {
    case 'rate-limited':
      return new JobError(error.message, { retryAfterMs: error.details.retryAfterMs ?? 60_000 });
    case 'transient':
      return new JobError(`X could not take the ${what} right now: ${error.message}`);
    case 'auth':
      await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by X: ${error.message}`, ctx.clock.now());
      return new JobError(`The account's access token was rejected by X; update its credentials: ${error.message}`, { permanent: true });
    case 'permanent':
      return new JobError(`X refused the ${what}: ${error.message}`, { permanent: true });
  }
}
