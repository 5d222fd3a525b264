import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import { clearAccountProblem, reportAccountProblem } from '../channel-health.repo.js';
import type { OutboundAdapter, SendInput, SendResult } from '../outbound.port.js';
import { lineRetryKey, type LineClient, type LineSendOutcome } from './line.client.js';
import { LineApiError } from './line.errors.js';
import { loadLineReplyContext } from './line.reply-context.repo.js';
import { planLineSend, refuse, type LineSendPlan } from './line.send-plan.js';

/**
 * Sends replies on LINE: with the reply API while the answered message's reply token is fresh and unused (free, no
 * quota), otherwise, or when LINE rejects the token, with the push API and an X-Line-Retry-Key derived from the reply's
 * idempotency key, so a retried push is executed once (LINE answers 409 to the repeat, which counts as sent).
 *
 * Residual risk: the reply API takes no retry key. A reply LINE accepted whose answer was lost (a timeout, a 5xx) is
 * retried; its token is spent by then, so LINE rejects it and the retry pushes: the customer sees the text twice.
 */
export function createLineOutbound(ctx: AppContext, client: LineClient): OutboundAdapter {
  const recent = createRecentSends();
  return {
    platform: 'line',
    async send(input): Promise<SendResult> {
      // Sent in this process but not yet recorded (the status write failed): never post again.
      const remembered = recent.get(input.idempotencyKey);
      if (remembered !== undefined) return remembered;
      const accessToken = accountCredentials(ctx, input.account).channelAccessToken;
      if (accessToken === undefined || accessToken === '') {
        await reportAccountProblem(ctx.db.kysely, input.account, 'error', 'Access token', 'no channelAccessToken in the account\'s credentials, so Rapport cannot send on this account', ctx.clock.now());
        throw refuse('The LINE account has no channel access token; add channelAccessToken to the account\'s credentials');
      }
      const context = await loadLineReplyContext(ctx.db.kysely, ctx.secrets, input.message, input.conversation);
      const plan = planLineSend(input, context, ctx.clock.now());
      try {
        const outcome = await sendPlanned(client, plan, accessToken, input);
        await clearAccountProblem(ctx.db.kysely, input.account, ['Access token', 'Platform'], ctx.clock.now());
        const result: SendResult = { platformMessageId: sentId(outcome, input.idempotencyKey), deliveryStatus: 'sent' };
        recent.set(input.idempotencyKey, result);
        return result;
      } catch (error) {
        throw await toJobError(ctx, input.account, error);
      }
    },
  };
}

async function sendPlanned(client: LineClient, plan: LineSendPlan, accessToken: string, input: SendInput): Promise<LineSendOutcome> {
  const limiterKey = input.account.id;
  if (plan.replyToken !== undefined) {
    try {
      return await client.send({ endpoint: 'reply', accessToken, limiterKey, body: { replyToken: plan.replyToken, messages: [plan.message] } });
    } catch (error) {
      // Expired or already used: LINE sent nothing, so the same message goes out by push.
      if (!(error instanceof LineApiError) || error.kind !== 'reply-token') throw error;
    }
  }
  return client.send({ endpoint: 'push', accessToken, limiterKey, retryKey: lineRetryKey(input.idempotencyKey), body: { to: plan.to, messages: [plan.message] } });
}

/** The sent message's LINE id; a repeat LINE had already accepted may carry only its request id. */
function sentId(outcome: LineSendOutcome, idempotencyKey: string): string {
  if (outcome.messageId !== undefined) return outcome.messageId;
  return outcome.requestId === undefined ? `line-retry:${lineRetryKey(idempotencyKey)}` : `line-request:${outcome.requestId}`;
}

/** Turns a LINE failure into what the job queue understands: wait, back off, or fail with LINE's reason on the message. */
async function toJobError(ctx: AppContext, account: ChannelAccountRow, error: unknown): Promise<JobError> {
  if (error instanceof JobError) return error;
  if (!(error instanceof LineApiError)) return new JobError(error instanceof Error ? error.message : String(error));
  const now = ctx.clock.now();
  switch (error.kind) {
    case 'rate-limited':
      return new JobError(error.message, { retryAfterMs: error.details.retryAfterMs ?? 2_000 });
    case 'transient':
      return new JobError(`LINE could not take the message right now: ${error.message}`);
    case 'auth':
      await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by LINE: ${error.message}`, now);
      return new JobError(`The account's channel access token was rejected; update its credentials: ${error.message}`, { permanent: true });
    case 'quota':
      await reportAccountProblem(ctx.db.kysely, account, 'degraded', 'Platform', `LINE's monthly message limit is reached; push messages fail until it resets, replies within the reply window still work (${error.message})`, now);
      return new JobError(`LINE refused the push message: ${error.message}`, { permanent: true });
    case 'reply-token':
    case 'permanent':
      return new JobError(`LINE refused the message: ${error.message}`, { permanent: true });
  }
}

/** The last sends of this process by idempotency key, bounded. */
function createRecentSends(limit = 1_000): { get(key: string): SendResult | undefined; set(key: string, result: SendResult): void } {
  const sends = new Map<string, SendResult>();
  return {
    get: (key) => sends.get(key),
    set(key, result) {
      sends.set(key, result);
      const oldest = sends.keys().next();
      if (sends.size > limit && oldest.done !== true) sends.delete(oldest.value);
    },
  };
}
