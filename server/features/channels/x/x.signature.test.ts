import { describe, expect, it } from 'vitest';
import { answerXCrc, verifyXSignature, xSignature } from './x.signature.js';

// Derived test vectors of docs/CHANNELS.md §8c.
const secret = 'test_consumer_secret';
const body = '{"for_user_id":"2244994945","tweet_create_events":[]}';

describe('X webhook signatures', () => {
  it('answers the CRC with the documented response token', () => {
    const reply = answerXCrc({ crc_token: 'challenge_string' }, { consumerSecret: secret });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ response_token: 'sha256=583uAmerwtjpykYEAEm+CEIRm6dOywK4QKRr0ha/Pd4=' });
  });

  it('refuses a CRC without a token or without a consumer secret, never answering a wrong token with 200', () => {
    expect(answerXCrc({}, { consumerSecret: secret }).status).toBe(400);
    // Answering a token shaped like a delivery would hand out that delivery's signature.
    expect(answerXCrc({ crc_token: body }, { consumerSecret: secret }).status).toBe(400);
    expect(answerXCrc({ crc_token: 'challenge_string' }, {}).status).toBe(403);
  });

  it('signs POST bodies as documented and checks them over the exact bytes', () => {
    expect(xSignature(secret, body)).toBe('sha256=Lss4bxd6weR99So6MmhnJFpNn8h7oFFhZH5um9Z5oF4=');
    const request = (headers: Record<string, string>, raw = body) => ({ headers, query: {}, rawBody: Buffer.from(raw) });
    const header = { 'x-twitter-webhooks-signature': 'sha256=Lss4bxd6weR99So6MmhnJFpNn8h7oFFhZH5um9Z5oF4=' };
    expect(verifyXSignature(request(header), { consumerSecret: secret })).toEqual({ valid: true });
    expect(verifyXSignature(request(header, `${body} `), { consumerSecret: secret }).valid).toBe(false);
    expect(verifyXSignature(request({ 'x-twitter-webhooks-signature': 'sha256=LSS4bxd6weR99So6MmhnJFpNn8h7oFFhZH5um9Z5oF4=' }), { consumerSecret: secret }).valid).toBe(false);
    expect(verifyXSignature(request({}), { consumerSecret: secret })).toEqual({ valid: false, reason: 'Missing x-twitter-webhooks-signature header' });
    expect(verifyXSignature(request(header), {}).valid).toBe(false);
  });
});
