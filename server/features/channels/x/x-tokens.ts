import { createHash } from 'node:crypto';
import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { JobError } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import { clearAccountProblem, findAccountById, reportAccountProblem } from '../channel-health.repo.js';
import { claimTokenRefresh, markTokenRefreshRefused, releaseTokenRefresh, storeRenewedCredentials } from '../token-refresh.repo.js';
import { XApiError } from './x-api.errors.js';
import { requestXTokenRefresh, type XOAuthClient, type XTokenGrant } from './x-oauth.client.js';

/** Renewed this long before `expiresAt`, so a call started just before the expiry does not carry a token that dies on the way. */
export const renewMarginMs = 120_000;
/** How often a node waiting for another node's renewal re-reads the credentials. */
const waitPollMs = 100;
const maxRounds = 1_000;

/**
 * The OAuth 2.0 user-context tokens of X accounts. Credentials may hold `accessToken`, `refreshToken`, `expiresAt`
 * (ISO-8601 or epoch ms) and the app's `clientId` / `clientSecret` (else RAPPORT_X_CLIENT_ID / RAPPORT_X_CLIENT_SECRET).
 * X access tokens live two hours; a refresh rotates the refresh token, so exactly one refresh may run per account: one
 * at a time in this process, and across nodes by a claim on the account's row conditioned on the credentials read.
 */
export interface XUserTokens {
  /** The access token to call X with, renewed first when `expiresAt` is near (or there is none yet) and the account can renew it ('' when it has none). */
  current(account: ChannelAccountRow): Promise<string>;
  /**
   * After X answered 401 to `rejected`: the account's renewed token (renewed now, or by another send meanwhile), or
   * undefined when it has no refresh token. Throws a JobError when renewing failed; a refusal is final and shown in health.
   */
  renewAfterRejection(account: ChannelAccountRow, rejected: string): Promise<string | undefined>;
}

/** Creates the token keeper of one process. */
export function createXUserTokens(ctx: AppContext, fetchImpl: typeof fetch = fetch): XUserTokens {
  const db = ctx.db.kysely;
  const inFlight = new Map<string, Promise<string | undefined>>();
  // A claim outlives the token call's own time limit, so a node that died mid-call does not block renewals for long.
  const leaseMs = ctx.config.channels.timeoutMs + 5_000;

  /** One renewal per account in this process: concurrent callers share it. */
  function renew(accountId: string, stale: string): Promise<string | undefined> {
    const running = inFlight.get(accountId);
    if (running !== undefined) return running;
    const work = renewOnce(accountId, stale).finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, work);
    return work;
  }

  async function renewOnce(accountId: string, stale: string): Promise<string | undefined> {
    const giveUpAt = ctx.clock.now() + 2 * leaseMs;
    for (let round = 0; round < maxRounds; round += 1) {
      const row = await findAccountById(db, accountId);
      if (row?.credentials === null || row?.credentials === undefined) return undefined;
      const credentials = accountCredentials(ctx, row);
      const access = credentials.accessToken ?? '';
      const now = ctx.clock.now();
      // Renewed by another send (here or on another node) since the caller read the credentials: use that token.
      if (access !== '' && access !== stale && !expiresSoon(credentials, now)) return access;
      const refreshToken = credentials.refreshToken ?? '';
      if (refreshToken === '') return undefined;
      const client = oauthClientOf(ctx, credentials);
      if (client === undefined) {
        await reportAccountProblem(db, row, 'error', 'Access token', 'it expired and cannot be renewed without the app\'s OAuth 2.0 Client ID (clientId in the account\'s credentials, or RAPPORT_X_CLIENT_ID)', now);
        throw new JobError('The X access token expired and there is no OAuth 2.0 Client ID to renew it with', { permanent: true });
      }
      const fingerprint = refreshFingerprint(client, refreshToken);
      if (row.token_refresh_refused === fingerprint) throw await alreadyRefused(row, now);
      const lease = row.token_refresh_lease_until === null ? 0 : Number(row.token_refresh_lease_until);
      if (lease > now) {
        if (now >= giveUpAt) throw new JobError('Another Rapport node is renewing this X account\'s token and has not finished yet');
        await new Promise((resolve) => setTimeout(resolve, waitPollMs));
        continue;
      }
      // Lost the claim: the credentials or the claim changed under us; the next round reads what the winner did.
      if (!(await claimTokenRefresh(db, row.id, row.credentials, now + leaseMs, now))) continue;
      return refreshClaimed(row, row.credentials, credentials, client, fingerprint);
    }
    throw new JobError('The renewal of this X account\'s token did not settle; trying again later');
  }

  async function refreshClaimed(row: ChannelAccountRow, sealed: string, credentials: Record<string, string>, client: XOAuthClient, fingerprint: string): Promise<string | undefined> {
    const refreshToken = credentials.refreshToken ?? '';
    let outcome: Awaited<ReturnType<typeof requestXTokenRefresh>>;
    try {
      outcome = await requestXTokenRefresh(ctx.config.channels, ctx.clock, client, refreshToken, fetchImpl);
    } catch (error) {
      await releaseTokenRefresh(db, row.id, sealed);
      throw error;
    }
    const now = ctx.clock.now();
    if (outcome.ok) return storeGrant(row, sealed, credentials, outcome.grant, now);
    if (outcome.kind === 'refused') {
      await markTokenRefreshRefused(db, row.id, fingerprint);
      await reportAccountProblem(db, row, 'error', 'Access token', `X refused to renew it: ${outcome.reason}; connect the account again to give Rapport a new refresh token`, now);
      throw new JobError(`X refused to renew the account's access token: ${outcome.reason}`, { permanent: true });
    }
    await releaseTokenRefresh(db, row.id, sealed);
    if (outcome.kind === 'rate-limited') throw new JobError(`X's token endpoint is rate limited: ${outcome.reason}`, { retryAfterMs: outcome.retryAfterMs });
    throw new JobError(`Could not renew the X access token right now: ${outcome.reason}`);
  }

  /** Seals the new pair in place of the credentials the claim was made on; the spent refresh token is gone with them. */
  async function storeGrant(row: ChannelAccountRow, sealed: string, credentials: Record<string, string>, grant: XTokenGrant, now: number): Promise<string | undefined> {
    const { expiresAt: _previousExpiry, ...kept } = credentials;
    const renewed = {
      ...kept, accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? credentials.refreshToken ?? '',
      ...(grant.expiresAt === undefined ? {} : { expiresAt: new Date(grant.expiresAt).toISOString() }),
    };
    if (!(await storeRenewedCredentials(db, row.id, sealed, ctx.secrets.seal(JSON.stringify(renewed)), now))) {
      // An operator replaced the credentials while X renewed the old ones: theirs win.
      ctx.logger.warn({ accountId: row.id }, 'the X account\'s credentials were replaced during a token renewal; the renewed tokens were dropped');
      const latest = await findAccountById(db, row.id);
      return latest === undefined ? undefined : accountCredentials(ctx, latest).accessToken;
    }
    await clearAccountProblem(db, row, 'Access token', now);
    ctx.logger.info({ accountId: row.id }, 'renewed the X account\'s user token');
    return grant.accessToken;
  }

  async function alreadyRefused(row: ChannelAccountRow, now: number): Promise<JobError> {
    // The refusal's own words (X's error) stay in the health; it is only set again when something else replaced them.
    if (row.health_status !== 'error' || row.health_detail?.startsWith('Access token:') !== true) {
      await reportAccountProblem(db, row, 'error', 'Access token', 'X refused to renew it; connect the account again to give Rapport a new refresh token', now);
    }
    return new JobError('X refused to renew this account\'s access token; connect the account again', { permanent: true });
  }

  return {
    async current(account) {
      const credentials = accountCredentials(ctx, account);
      const access = credentials.accessToken ?? '';
      if ((credentials.refreshToken ?? '') === '') return access;
      // No access token yet (connected with a refresh token alone), or one about to expire: renew first.
      if (access !== '' && !expiresSoon(credentials, ctx.clock.now())) return access;
      return (await renew(account.id, access)) ?? access;
    },
    renewAfterRejection: (account, rejected) => renew(account.id, rejected),
  };
}

/** The OAuth client to renew with: the account's own `clientId` (with its `clientSecret`, if any), else the configured app's. */
export function oauthClientOf(ctx: Pick<AppContext, 'config'>, credentials: Readonly<Record<string, string>>): XOAuthClient | undefined {
  const own = nonEmpty(credentials.clientId);
  if (own !== undefined) return { clientId: own, clientSecret: nonEmpty(credentials.clientSecret) };
  const configured = ctx.config.channels.x;
  const clientId = nonEmpty(configured.clientId);
  return clientId === undefined ? undefined : { clientId, clientSecret: nonEmpty(credentials.clientSecret) ?? nonEmpty(configured.clientSecret) };
}

/** Whether the access token expires within the renewal margin; false when `expiresAt` is absent or unreadable (X's 401 tells then). */
export function expiresSoon(credentials: Readonly<Record<string, string>>, now: number): boolean {
  const text = credentials.expiresAt?.trim() ?? '';
  if (text === '') return false;
  const at = /^\d{1,16}$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(at) && at - now <= renewMarginMs;
}

/** What identifies one refresh attempt's inputs, so the ones X refused are not sent again (new credentials differ). */
function refreshFingerprint(client: XOAuthClient, refreshToken: string): string {
  return createHash('sha256').update(`${client.clientId}\u0000${client.clientSecret ?? ''}\u0000${refreshToken}`).digest('base64url');
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/**
 * Calls X with the account's user token; when X answers 401 the token is renewed (once) and the call made again with the
 * new one. A second 401, or a renewal that is refused, ends it: never a loop of renewals.
 */
export async function callWithRenewal<T>(tokens: XUserTokens, account: ChannelAccountRow, token: string, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof XApiError) || error.details.status !== 401) throw error;
    const renewed = await tokens.renewAfterRejection(account, token);
    if (renewed === undefined || renewed === '' || renewed === token) throw error;
    return call(renewed);
  }
}
