import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import type { ListeningPage, ListeningPageRequest, ListeningSource } from '../../listening/listening.port.js';
import { accountCredentials } from '../account.service.js';
import { clearAccountProblem, reportAccountProblem } from '../channel-health.repo.js';
import type { XApiClient } from './x-api.client.js';
import { XApiError } from './x-api.errors.js';
import { callWithRenewal, type XUserTokens } from './x-tokens.js';
import { parseXPage } from './x.parse.js';
import { v2Page } from './x.schemas.js';

/** The fields every polled post and author come with (§6.8): enough for threading, metrics and influence. */
const fields = {
  'tweet.fields': 'created_at,public_metrics,author_id,conversation_id,in_reply_to_user_id,referenced_tweets',
  expansions: 'author_id',
  'user.fields': 'username,name,profile_image_url,verified,public_metrics',
};

/**
 * X's pull side for listening: the account's mentions timeline (GET /2/users/:id/mentions, paged by pagination_token)
 * and recent search (GET /2/tweets/search/recent, paged by next_token), both with since_id. Reads use the account's
 * app-only `bearerToken` when it has one, else its user `accessToken` (renewed as for sends).
 */
export function createXListeningSource(ctx: AppContext, client: XApiClient, tokens: XUserTokens): ListeningSource {
  return {
    platform: 'x',
    async fetchPage(request): Promise<ListeningPage> {
      const { account } = request;
      const credentials = accountCredentials(ctx, account);
      const appToken = credentials.bearerToken;
      const token = appToken ?? await tokens.current(account);
      if (token === '') {
        await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', 'none in the account\'s credentials (bearerToken or accessToken), so Rapport cannot poll X', ctx.clock.now());
        throw new JobError('The X account has no bearerToken or accessToken to poll with', { permanent: true });
      }
      const call = request.kind === 'mentions' ? mentionsCall(account, request) : searchCall(request);
      try {
        const poll = (bearer: string) => client.call({ method: 'GET', token: bearer, limiterKey: `${account.id}:${request.kind}`, ...call }, v2Page);
        // An app-only token is not renewed: only user tokens expire and rotate.
        const answer = appToken === undefined ? await callWithRenewal(tokens, account, token, poll) : await poll(token);
        await clearAccountProblem(ctx.db.kysely, account, 'Access token', ctx.clock.now());
        const parsed = parseXPage(answer.body, account);
        if (parsed.unrecognised.length > 0) ctx.logger.warn({ accountId: account.id, skipped: parsed.unrecognised.slice(0, 3) }, 'polled X posts skipped');
        return { payload: answer.text, events: parsed.events, newestId: answer.body.meta?.newest_id, nextToken: answer.body.meta?.next_token };
      } catch (error) {
        throw await toJobError(ctx, account, error);
      }
    },
  };
}

function mentionsCall(account: ChannelAccountRow, request: ListeningPageRequest): { path: string; query: Record<string, string | undefined> } {
  if (account.platform_account_id === null) throw new JobError('The mentions timeline needs the account\'s X user id (its platform account id)', { permanent: true });
  return {
    path: `/2/users/${encodeURIComponent(account.platform_account_id)}/mentions`,
    query: { max_results: '100', ...fields, since_id: request.sinceId ?? undefined, pagination_token: request.pageToken },
  };
}

function searchCall(request: ListeningPageRequest): { path: string; query: Record<string, string | undefined> } {
  return {
    path: '/2/tweets/search/recent',
    query: { query: request.query, max_results: '100', ...fields, since_id: request.sinceId ?? undefined, next_token: request.pageToken },
  };
}

async function toJobError(ctx: AppContext, account: ChannelAccountRow, error: unknown): Promise<JobError> {
  if (error instanceof JobError) return error;
  if (!(error instanceof XApiError)) return new JobError(error instanceof Error ? error.message : String(error));
  switch (error.kind) {
    case 'rate-limited':
      return new JobError(error.message, { retryAfterMs: error.details.retryAfterMs ?? 60_000 });
    case 'transient':
      return new JobError(`X could not answer the poll right now: ${error.message}`);
    case 'auth':
      await reportAccountProblem(ctx.db.kysely, account, 'error', 'Access token', `rejected by X: ${error.message}`, ctx.clock.now());
      return new JobError(`X rejected the account's token; update its credentials: ${error.message}`, { permanent: true });
    case 'permanent':
      return new JobError(`X refused the poll: ${error.message}`, { permanent: true });
  }
}
