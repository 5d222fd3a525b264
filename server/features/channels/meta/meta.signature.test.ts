import { describe, expect, it } from 'vitest';
import { answerMetaHandshake, metaSignature, verifyMetaSignature } from './meta.signature.js';

const body = '{"object":"page","entry":[{"id":"1","time":1,"messaging":[]}]}';

describe('Meta webhook signature', () => {
  it('matches the documented derivation: sha256= + lower-case hex HMAC-SHA256 of the raw body', () => {
    expect(metaSignature('test_app_secret', Buffer.from(body))).toBe('sha256=231868f9ac6f7a304cc336397814a89c3d9bf5f61ce3f5b5e9392ea523f42aa4');
  });

  it('accepts the right signature (any hex case) and rejects a wrong, truncated, missing or SHA-1-only one', () => {
    const good = metaSignature('test_app_secret', body);
    const check = (headers: Record<string, string>, secret = 'test_app_secret') => verifyMetaSignature({ headers, query: {}, rawBody: Buffer.from(body) }, { appSecret: secret }).valid;
    expect(check({ 'x-hub-signature-256': good })).toBe(true);
    expect(check({ 'x-hub-signature-256': good.toUpperCase() })).toBe(true);
    expect(check({ 'x-hub-signature-256': good.slice(0, -2) })).toBe(false);
    expect(check({ 'x-hub-signature-256': good }, 'other')).toBe(false);
    expect(check({ 'x-hub-signature': 'sha1=0000' })).toBe(false);
    expect(check({})).toBe(false);
    expect(verifyMetaSignature({ headers: { 'x-hub-signature-256': good }, query: {}, rawBody: Buffer.from(body) }, {})).toMatchObject({ valid: false, reason: expect.stringContaining('appSecret') as string });
  });

  it('echoes hub.challenge only for mode subscribe and the right verify token, also with PHP-style names', () => {
    expect(answerMetaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'meatyhamhock', 'hub.challenge': '1158201444' }, { verifyToken: 'meatyhamhock' })).toMatchObject({ status: 200, body: '1158201444' });
    expect(answerMetaHandshake({ hub_mode: 'subscribe', hub_verify_token: 'meatyhamhock', hub_challenge: '7' }, { verifyToken: 'meatyhamhock' }).status).toBe(200);
    expect(answerMetaHandshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'meatyhamhock', 'hub.challenge': '1' }, { verifyToken: 'meatyhamhock' }).status).toBe(403);
    expect(answerMetaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, {}).status).toBe(403);
  });
});
