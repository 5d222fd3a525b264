import { z } from 'zod';
import type { AppContext } from '../../../app-context.js';
import { AppError } from '../../../http/app-error.js';
import type { ChannelAccountRow, ConversationRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import { clearAccountProblem, reportAccountProblem } from '../channel-health.repo.js';
import type { OutboundAdapter, SendResult } from '../outbound.port.js';
import type { GraphClient } from './graph.client.js';
import { GraphApiError } from './graph.errors.js';
import type { MetaPlatform } from './meta.parse.js';
import { planMetaSend, platformLabels, refuse } from './meta.send-plan.js';

const successAnswer = z.looseObject({ success: z.union([z.boolean(), z.literal('true')]) });

/** Sends on Messenger / Facebook comments, Instagram or WhatsApp through the Graph API, and hides comments where the platform can. */
export function createMetaOutbound(platform: MetaPlatform, ctx: AppContext, graph: GraphClient): OutboundAdapter {
  const adapter: OutboundAdapter = {
    platform,
    async send(input): Promise<SendResult> {
      const credentials = accountCredentials(ctx, input.account);
      const accessToken = credentials.accessToken;
      if (accessToken === undefined || accessToken === '') {
        await reportAccountProblem(ctx.db.kysely, input.account, 'error', 'Access token', 'none in the account\'s credentials, so Rapport cannot send on this account', ctx.clock.now());
        throw refuse(`The ${platformLabels[platform]} account has no access token; add it to the account's credentials`);
      }
      const recipientId = input.conversation.visibility === 'private' ? await customerPlatformId(ctx, input.conversation) : undefined;
      const plan = planMetaSend(platform, input, { credentials, recipientId, now: ctx.clock.now() });
      try {
        const answer = await graph.call({ method: 'POST', path: plan.path, auth: plan.auth, body: plan.body, accessToken, appSecret: credentials.appSecret, limiterKey: input.account.id }, plan.response);
        await markHealthy(ctx, input.account);
        return { platformMessageId: answer.id, deliveryStatus: 'sent' };
      } catch (error) {
        throw await toJobError(ctx, input.account, plan.what, error);
      }
    },
  };
  if (platform === 'whatsapp') return adapter;
  return {
    ...adapter,
    async hide({ account, platformMessageId, hidden }) {
      const credentials = accountCredentials(ctx, account);
      const accessToken = credentials.accessToken ?? '';
      if (accessToken === '') throw new AppError('CONFLICT', `The ${platformLabels[platform]} account has no access token; add it to the account's credentials`);
      // Facebook comments take is_hidden, Instagram comments take hide; neither deletes anything.
      const body = platform === 'facebook' ? { is_hidden: hidden } : { hide: hidden };
      try {
        await graph.call({ method: 'POST', path: encodeURIComponent(platformMessageId), auth: 'query', body, accessToken, appSecret: credentials.appSecret, limiterKey: account.id }, successAnswer);
      } catch (error) {
        if (!(error instanceof GraphApiError)) throw error;
        if (error.kind === 'auth') await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by Meta: ${error.message}`, ctx.clock.now());
        throw hideFailure(error);
      }
      await markHealthy(ctx, account);
    },
  };
}

/** Hiding is an agent's action answered at once: a platform failure becomes the matching HTTP problem. */
function hideFailure(error: GraphApiError): AppError {
  switch (error.kind) {
    case 'rate-limited':
      return new AppError('RATE_LIMITED', `Meta is rate limiting this account; try again in ${Math.ceil((error.details.retryAfterMs ?? 60_000) / 1000)} s`);
    case 'transient':
      return new AppError('UNAVAILABLE', `Meta could not hide the comment right now: ${error.message}`);
    case 'auth':
    case 'permanent':
      return new AppError('CONFLICT', `Meta refused to hide the comment: ${error.message}`);
  }
}

/** The customer's id on the conversation's platform (PSID, IGSID, WhatsApp number): the identity they last wrote from. */
async function customerPlatformId(ctx: AppContext, conversation: ConversationRow): Promise<string | undefined> {
  const identity = await ctx.db.kysely.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', conversation.workspace_id).where('contact_id', '=', conversation.contact_id).where('platform', '=', conversation.platform)
    .orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return identity?.platform_user_id;
}

async function markHealthy(ctx: AppContext, account: ChannelAccountRow): Promise<void> {
  await clearAccountProblem(ctx.db.kysely, account, 'Access token', ctx.clock.now());
}

/** Turns a platform failure into what the job queue understands: wait for the reset, back off, or fail with the reason on the message. */
async function toJobError(ctx: AppContext, account: ChannelAccountRow, what: string, error: unknown): Promise<JobError> {
  if (error instanceof JobError) return error;
  if (!(error instanceof GraphApiError)) return new JobError(error instanceof Error ? error.message : String(error));
  switch (error.kind) {
    case 'rate-limited':
      return new JobError(error.message, { retryAfterMs: error.details.retryAfterMs ?? 60_000 });
    case 'transient':
      return new JobError(`Meta could not take the ${what} right now: ${error.message}`);
    case 'auth':
      await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by Meta: ${error.message}`, ctx.clock.now());
      return new JobError(`The account's access token was rejected; update its credentials: ${error.message}`, { permanent: true });
    case 'permanent':
      return new JobError(`Meta refused the ${what}: ${error.message}`, { permanent: true });
  }
}
