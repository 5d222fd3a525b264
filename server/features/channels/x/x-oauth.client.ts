import { z } from 'zod';
import type { Clock } from '../../../infra/clock.js';
import type { ChannelConfig } from '../channel.config.js';
import { rateLimitWaitMs } from './x-api.errors.js';

/** The app's OAuth 2.0 client that renews user tokens: a Client ID, and a Client Secret when it is a confidential client. */
export interface XOAuthClient {
  clientId: string;
  clientSecret: string | undefined;
}

/** What the token endpoint granted: a new access token, usually with a new refresh token (the old one is spent). */
export interface XTokenGrant {
  accessToken: string;
  /** Absent when X did not rotate it: the refresh token used stays valid. */
  refreshToken: string | undefined;
  /** When the access token expires (ms), from `expires_in`. */
  expiresAt: number | undefined;
}

/**
 * The outcome of one refresh: a grant; `refused` when X will not renew with these credentials (a spent, revoked or
 * unknown refresh token, a wrong client); `transient` / `rate-limited` when trying again later may work.
 */
export type XRefreshOutcome =
  | { ok: true; grant: XTokenGrant }
  | { ok: false; kind: 'refused' | 'transient'; reason: string }
  | { ok: false; kind: 'rate-limited'; reason: string; retryAfterMs: number };

const grantBody = z.looseObject({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096).optional(),
  expires_in: z.number().int().positive().max(366 * 86_400).optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});
const oauthErrorBody = z.looseObject({ error: z.string().max(200), error_description: z.string().max(1000).optional() });

/**
 * POST {X API}/2/oauth2/token with grant_type=refresh_token, form-encoded as X documents it: the refresh token and the
 * Client ID in the form, and for a confidential client `Authorization: Basic base64(client_id:client_secret)`.
 */
export async function requestXTokenRefresh(
  config: Pick<ChannelConfig, 'x' | 'timeoutMs'>, clock: Clock, client: XOAuthClient, refreshToken: string, fetchImpl: typeof fetch = fetch,
): Promise<XRefreshOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientSecret !== undefined) headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.clientId });
  const url = `${config.x.apiUrl}/2/oauth2/token`;
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    return { ok: false, kind: 'transient', reason: `Could not reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text();
  const body = parseJson(text);
  if (response.ok) {
    const grant = grantBody.safeParse(body);
    // X took the refresh token; without a usable answer its successor is lost, so this counts as refused.
    if (!grant.success) return { ok: false, kind: 'refused', reason: `X answered the token request in an unexpected shape: ${text.slice(0, 200)}` };
    const { access_token: accessToken, refresh_token: next, expires_in: expiresIn } = grant.data;
    return { ok: true, grant: { accessToken, refreshToken: next, expiresAt: expiresIn === undefined ? undefined : clock.now() + expiresIn * 1000 } };
  }
  const reason = describeOAuthError(response.status, body);
  if (response.status === 429) return { ok: false, kind: 'rate-limited', reason, retryAfterMs: Math.max(1_000, rateLimitWaitMs(response.headers, clock.now()) ?? 60_000) };
  if (response.status >= 500 || response.status === 408) return { ok: false, kind: 'transient', reason };
  return { ok: false, kind: 'refused', reason };
}

/** `error: error_description (HTTP status)`, as X's token endpoint words its refusals (RFC 6749 §5.2). */
function describeOAuthError(status: number, body: unknown): string {
  const parsed = oauthErrorBody.safeParse(body);
  if (!parsed.success) return `HTTP ${status}`;
  const { error, error_description: description } = parsed.data;
  return `${error}${description === undefined ? '' : `: ${description}`} (HTTP ${status})`;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
