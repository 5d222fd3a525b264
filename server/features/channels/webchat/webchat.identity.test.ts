import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifyVisitor, newVisitorId, signUserId, userHashMatches, visitorKeyOf } from './webchat.identity.js';
import { normaliseAllowedOrigin, originAllowed } from './webchat.origins.js';
import { visitorIdPattern } from './webchat.protocol.js';

const secret = 'brand-identity-secret-0123456789';

describe('web chat identity', () => {
  it('checks the brand\'s HMAC-SHA256 of the user id, in constant time, hex in either case', () => {
    // The recipe the README gives a brand's server.
    const hash = createHmac('sha256', secret).update('customer-42').digest('hex');
    expect(signUserId(secret, 'customer-42')).toBe(hash);
    expect(userHashMatches(secret, 'customer-42', hash.toUpperCase())).toBe(true);
    expect(userHashMatches(secret, 'customer-43', hash)).toBe(false);
    expect(userHashMatches('another-secret-entirely', 'customer-42', hash)).toBe(false);
    expect(userHashMatches(secret, 'customer-42', hash.slice(0, 63))).toBe(false);
    expect(userHashMatches(secret, 'customer-42', `${hash.slice(0, 63)}z`)).toBe(false);
  });

  it('makes a visitor anonymous without a hash, verified with a valid one, and refuses a wrong or uncheckable one', () => {
    const visitorId = newVisitorId();
    expect(visitorId).toMatch(visitorIdPattern);
    expect(visitorKeyOf(visitorId)).not.toContain(visitorId.slice(0, 8));
    const anonymous = identifyVisitor({ user: { id: 'customer-42', name: 'Jane' } }, visitorId, { identitySecret: secret });
    expect(anonymous).toMatchObject({ ok: true, identity: { visitorId, platformUserId: `visitor:${visitorKeyOf(visitorId)}`, verified: false, author: { displayName: 'Jane', verified: false } } });
    const verified = identifyVisitor({ user: { id: 'customer-42', hash: signUserId(secret, 'customer-42'), email: 'jane@example.com' } }, visitorId, { identitySecret: secret });
    expect(verified).toMatchObject({ ok: true, identity: { platformUserId: 'user:customer-42', verified: true, author: { handle: 'customer-42', email: 'jane@example.com', verified: true } } });
    expect(identifyVisitor({ user: { id: 'customer-42', hash: signUserId('nope-nope-nope-nope', 'customer-42') } }, visitorId, { identitySecret: secret })).toMatchObject({ ok: false });
    expect(identifyVisitor({ user: { hash: signUserId(secret, 'customer-42') } }, visitorId, { identitySecret: secret })).toMatchObject({ ok: false });
    expect(identifyVisitor({ user: { id: 'customer-42', hash: signUserId(secret, 'customer-42') } }, visitorId, {})).toMatchObject({ ok: false, reason: expect.stringMatching(/no identity secret/) as string });
  });
});

describe('web chat allowed origins', () => {
  it('normalises origins and wildcards, and refuses anything that is not one', () => {
    expect(normaliseAllowedOrigin('https://WWW.Brand.example/')).toBe('https://www.brand.example');
    expect(normaliseAllowedOrigin('https://brand.example:443')).toBe('https://brand.example');
    expect(normaliseAllowedOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normaliseAllowedOrigin('https://*.Brand.example')).toBe('https://*.brand.example');
    for (const bad of ['brand.example', 'https://brand.example/chat', 'https://brand.example?x=1', 'ftp://brand.example', 'https://user@brand.example', 'https://*.com', 'https://a.*.example', '*']) {
      expect(normaliseAllowedOrigin(bad), bad).toBeUndefined();
    }
  });

  it('allows exactly the listed origins and the subdomains of a wildcard', () => {
    const allowed = ['https://www.brand.example', 'https://*.shop.brand.example'];
    expect(originAllowed('https://www.brand.example', allowed)).toBe(true);
    expect(originAllowed('https://eu.shop.brand.example', allowed)).toBe(true);
    expect(originAllowed('https://shop.brand.example', allowed)).toBe(false);
    expect(originAllowed('http://www.brand.example', allowed)).toBe(false);
    expect(originAllowed('https://www.brand.example.evil.example', allowed)).toBe(false);
    expect(originAllowed('https://evilshop.brand.example', allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
    expect(originAllowed(undefined, allowed)).toBe(false);
  });
});
