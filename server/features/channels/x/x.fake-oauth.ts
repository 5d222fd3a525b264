import { randomBytes } from 'node:crypto';
import type { FakeXReply } from './x.fake-api.js';

/** Who a bearer token acts for: a user (OAuth 2.0 user context) or the app (app-only). */
export type FakeXTokenOwner = { userId: string } | 'app';

/** An OAuth 2.0 client of the app: public (Client ID only) or confidential (with a Client Secret, sent as Basic auth). */
export interface FakeXClient {
  clientId: string;
  clientSecret?: string;
}

/** A user token pair as the token endpoint issues it. */
export interface FakeXTokenPair {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (ms). */
  expiresAt: number;
  scope: string;
}

/** How the fake refuses a refresh token that is spent, revoked or unknown: X's observed answer, or RFC 6749's error code. */
export type FakeXRefusal = 'invalid_request' | 'invalid_grant';

/** The fake's OAuth 2.0 side: which bearer tokens work until when, the app's clients, and POST /2/oauth2/token. */
export interface FakeXOAuth {
  addToken(token: string, owner: FakeXTokenOwner, expiresAt?: number): void;
  expireToken(token: string, expired: boolean): void;
  /** Who a token acts for; undefined when it is unknown, revoked or past its expiry. */
  ownerOf(token: string): FakeXTokenOwner | undefined;
  addClient(client: FakeXClient): void;
  /** Issues a pair as the authorization code exchange would (`offline.access` granted): the refresh token works once. */
  issue(userId: string, options?: { clientId?: string; expiresInMs?: number; scope?: string }): FakeXTokenPair;
  /** Lifetime of the access tokens the token endpoint issues (X: two hours). */
  setAccessTokenLifetime(ms: number): void;
  refuseWith(refusal: FakeXRefusal): void;
  /** `active`, `spent` (rotated away or refused once), or undefined for a token the fake never issued. */
  refreshTokenState(token: string): 'active' | 'spent' | undefined;
  /** Answers POST /2/oauth2/token. */
  answerToken(request: { authorization: string | undefined; contentType: string | undefined; body: string }): FakeXReply;
}

const twoHoursMs = 2 * 3_600_000;
const defaultScope = 'tweet.read tweet.write users.read dm.read dm.write offline.access';

/** An OAuth error body as X's token endpoint sends it: `{"error": …, "error_description": …}`. */
export function oauthError(status: number, error: string, description: string): FakeXReply {
  return { status, body: { error, error_description: description } };
}

/** Creates the OAuth state of one fake on its clock. */
export function createFakeXOAuth(now: () => number): FakeXOAuth {
  const tokens = new Map<string, { owner: FakeXTokenOwner; expiresAt: number | undefined }>();
  const revoked = new Set<string>();
  const clients = new Map<string, FakeXClient>();
  const refreshTokens = new Map<string, { userId: string; clientId: string; scope: string; spent: boolean }>();
  let lifetimeMs = twoHoursMs;
  let refusal: FakeXRefusal = 'invalid_request';

  /** X's tokens are base64url text ending in `:<issued ms>:1:1:<at|rt>:1`. */
  const mint = (kind: 'at' | 'rt') => Buffer.from(`${randomBytes(27).toString('base64url')}:${now()}:1:1:${kind}:1`).toString('base64url');

  const oauth: FakeXOAuth = {
    addToken: (token, owner, expiresAt) => void tokens.set(token, { owner, expiresAt }),
    expireToken: (token, expired) => void (expired ? revoked.add(token) : revoked.delete(token)),
    ownerOf(token) {
      const known = tokens.get(token);
      if (known === undefined || revoked.has(token)) return undefined;
      return known.expiresAt !== undefined && now() >= known.expiresAt ? undefined : known.owner;
    },
    addClient: (client) => void clients.set(client.clientId, client),
    issue(userId, options = {}) {
      const clientId = options.clientId ?? [...clients.keys()][0] ?? '';
      const pair: FakeXTokenPair = { accessToken: mint('at'), refreshToken: mint('rt'), expiresAt: now() + (options.expiresInMs ?? lifetimeMs), scope: options.scope ?? defaultScope };
      tokens.set(pair.accessToken, { owner: { userId }, expiresAt: pair.expiresAt });
      refreshTokens.set(pair.refreshToken, { userId, clientId, scope: pair.scope, spent: false });
      return pair;
    },
    setAccessTokenLifetime: (ms) => void (lifetimeMs = ms),
    refuseWith: (next) => void (refusal = next),
    refreshTokenState(token) {
      const known = refreshTokens.get(token);
      return known === undefined ? undefined : known.spent ? 'spent' : 'active';
    },
    answerToken(request) {
      if (request.contentType?.startsWith('application/x-www-form-urlencoded') !== true) {
        return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].');
      }
      const form = new URLSearchParams(request.body);
      const client = authenticate(request.authorization, form.get('client_id'));
      if ('status' in client) return client;
      const grantType = form.get('grant_type');
      if (grantType === null || grantType === '') return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].');
      if (grantType !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', `Grant type ${grantType} is not supported here.`);
      const refreshToken = form.get('refresh_token');
      if (refreshToken === null || refreshToken === '') return oauthError(400, 'invalid_request', 'Missing required parameter [refresh_token].');
      const grant = refreshTokens.get(refreshToken);
      if (grant === undefined || grant.spent || grant.clientId !== client.clientId) return oauthError(400, refusal, 'Value passed for the token was invalid.');
      // Rotation: the refresh token works once; the new pair replaces it.
      grant.spent = true;
      const pair = oauth.issue(grant.userId, { clientId: grant.clientId, scope: grant.scope });
      return { status: 200, body: { token_type: 'bearer', expires_in: Math.round((pair.expiresAt - now()) / 1000), access_token: pair.accessToken, scope: pair.scope, refresh_token: pair.refreshToken } };
    },
  };

  /** A confidential client authenticates with Basic auth; a public client names itself with client_id in the form. */
  function authenticate(authorization: string | undefined, formClientId: string | null): FakeXClient | FakeXReply {
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const client = clients.get(colon < 0 ? decoded : decoded.slice(0, colon));
      if (client?.clientSecret === undefined || client.clientSecret !== decoded.slice(colon + 1)) return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
      return client;
    }
    const client = formClientId === null ? undefined : clients.get(formClientId);
    if (client === undefined) return oauthError(400, 'invalid_request', 'Missing required parameter [client_id].');
    if (client.clientSecret !== undefined) return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
    return client;
  }

  return oauth;
}
