import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InboundAuthor } from '../../../../common/inbound.js';
import type { ChannelCredentials } from '../channel.port.js';
import { identitySecretKey } from './webchat.account.js';
import type { HelloFrame } from './webchat.protocol.js';

/** Who a widget's visitor is: an anonymous visitor id, or a user the brand's server vouched for. */
export interface VisitorIdentity {
  visitorId: string;
  /** What Rapport stores of the visitor id (in platform ids agents can see): its hash, so it is never a credential to them. */
  visitorKey: string;
  /** The contact identity on the `webchat` platform: `visitor:<visitor key>` or `user:<brand's user id>`. */
  platformUserId: string;
  verified: boolean;
  author: InboundAuthor;
}

export type IdentityCheck = { ok: true; identity: VisitorIdentity } | { ok: false; reason: string };

/** What the brand's server computes for a signed-in user: the hex HMAC-SHA256 of the user id with the account's identity secret. */
export function signUserId(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Whether `hash` is the user id's HMAC with the secret; constant time, hex in either case. */
export function userHashMatches(secret: string, userId: string, hash: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  return timingSafeEqual(Buffer.from(signUserId(secret, userId), 'hex'), Buffer.from(hash, 'hex'));
}

/**
 * The stored form of a visitor id: the id itself is the browser's bearer credential for its anonymous history, so
 * what agents and the API see is its SHA-256 (22 URL-safe characters).
 */
export function visitorKeyOf(visitorId: string): string {
  return createHash('sha256').update(visitorId, 'utf8').digest('base64url').slice(0, 22);
}

/** A new anonymous visitor id: 18 random bytes, URL-safe (24 characters). */
export function newVisitorId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Decides who a widget's hello makes the visitor. A hash is checked, never ignored: a wrong one (or one the account
 * cannot check, having no identity secret) is refused rather than quietly treated as anonymous.
 */
export function identifyVisitor(hello: { user?: Partial<NonNullable<HelloFrame['user']>> | undefined }, visitorId: string, credentials: ChannelCredentials): IdentityCheck {
  const user: Partial<NonNullable<HelloFrame['user']>> = hello.user ?? {};
  const profile = { ...(user.name === undefined ? {} : { displayName: user.name }), ...(user.email === undefined ? {} : { email: user.email }) };
  const visitorKey = visitorKeyOf(visitorId);
  if (user.hash === undefined) {
    const platformUserId = `visitor:${visitorKey}`;
    return {
      ok: true,
      identity: { visitorId, visitorKey, platformUserId, verified: false, author: { platformUserId, displayName: `Web visitor ${visitorKey.slice(0, 6)}`, ...profile, verified: false } },
    };
  }
  if (user.id === undefined) return { ok: false, reason: 'A user hash came without the user id it signs: set data-user-id next to data-user-hash' };
  const secret = credentials[identitySecretKey];
  if (secret === undefined || secret === '') {
    return { ok: false, reason: 'This chat cannot verify signed-in users: the account has no identity secret. Set one, or remove data-user-hash' };
  }
  if (!userHashMatches(secret, user.id, user.hash)) {
    return { ok: false, reason: 'The user hash does not match the user id: compute it on your server as the hex HMAC-SHA256 of the user id with the account\'s identity secret' };
  }
  const platformUserId = `user:${user.id}`;
  return { ok: true, identity: { visitorId, visitorKey, platformUserId, verified: true, author: { platformUserId, handle: user.id, ...profile, verified: true } } };
}
