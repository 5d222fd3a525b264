import { describe, expect, it } from 'vitest';
import { lineSignature, verifyLineSignature } from './line.signature.js';

// The official SDK's middleware test (line-bot-sdk-nodejs test/middleware.spec.ts): this body, secret and header value.
const sdkEvent = {
  message: { id: 'test_event_message_id', text: 'this is test message.😄😅😢😞😄😅😢😞', type: 'text' },
  replyToken: 'test_reply_token',
  source: { groupId: 'test_group_id', type: 'group' },
  timestamp: 0,
  mode: 'active',
  type: 'message',
};
const body = JSON.stringify({ events: [sdkEvent], destination: 'Uaaaabbbbccccddddeeeeffff' });
const sdkSignature = 'GzU7H3qOXDzDD6cNcS/9otLzlLFxnYYriz62rNu5BDE=';

describe('LINE webhook signature', () => {
  it('matches the official SDK test vector: base64 HMAC-SHA256 of the raw UTF-8 body, no prefix', () => {
    expect(lineSignature('test_channel_secret', Buffer.from(body, 'utf8'))).toBe(sdkSignature);
  });

  it('accepts the right signature and rejects a wrong, truncated, re-cased or missing one', () => {
    const check = (headers: Record<string, string>, secret = 'test_channel_secret') => verifyLineSignature({ headers, query: {}, rawBody: Buffer.from(body) }, { channelSecret: secret });
    expect(check({ 'x-line-signature': sdkSignature })).toEqual({ valid: true });
    expect(check({ 'x-line-signature': 'WqJD7WAIZhWcXThMCf8jZnwG3Hmn7EF36plkQGkj48w=' }).valid).toBe(false);
    expect(check({ 'x-line-signature': sdkSignature.slice(0, -4) }).valid).toBe(false);
    expect(check({ 'x-line-signature': sdkSignature.toLowerCase() }).valid).toBe(false);
    expect(check({ 'x-line-signature': sdkSignature }, 'other_secret').valid).toBe(false);
    expect(check({})).toMatchObject({ valid: false, reason: 'Missing x-line-signature header' });
    expect(verifyLineSignature({ headers: { 'x-line-signature': sdkSignature }, query: {}, rawBody: Buffer.from(body) }, {})).toMatchObject({ valid: false, reason: expect.stringContaining('channelSecret') as string });
  });
});
