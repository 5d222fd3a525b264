import { describe, expect, it } from 'vitest';
import { classifyXFailure, exhaustedUntil } from './x-api.errors.js';

const now = 1_700_000_000_000;
const headers = (values: Record<string, string>) => new Headers(values);

describe('X API failures', () => {
  it('waits for x-rate-limit-reset on a 429, in both the observed and the documented body shape', () => {
    const reset = { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 90) };
    const observed = classifyXFailure(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, headers(reset), now);
    expect(observed).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 90_000, status: 429 } });
    expect(observed.message).toContain('Too Many Requests (HTTP 429)');
    const documented = classifyXFailure(429, { errors: [{ code: 88, message: 'Rate limit exceeded' }] }, headers({}), now);
    expect(documented).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 60_000 } });
    expect(documented.message).toContain('Rate limit exceeded [code 88]');
  });

  it('waits for a spent 24-hour cap rather than the 15-minute window', () => {
    const capped = headers({ 'x-rate-limit-reset': String(now / 1000 + 60), 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': String(now / 1000 + 7_200) });
    expect(classifyXFailure(429, undefined, capped, now).details.retryAfterMs).toBe(7_200_000);
    expect(exhaustedUntil(capped)).toBe(now + 7_200_000);
    expect(exhaustedUntil(headers({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': '1' }))).toBeUndefined();
  });

  it('tells refused credentials, permanent refusals, usage caps and transient failures apart', () => {
    expect(classifyXFailure(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, headers({}), now).kind).toBe('auth');
    expect(classifyXFailure(403, { title: 'Unsupported Authentication', detail: 'app-only', type: 'https://api.x.com/2/problems/unsupported-authentication' }, headers({}), now).kind).toBe('auth');
    const forbidden = classifyXFailure(403, { detail: 'You are not permitted to perform this action.', type: 'about:blank', title: 'Forbidden', status: 403 }, headers({}), now);
    expect(forbidden).toMatchObject({ kind: 'permanent', message: 'Forbidden: You are not permitted to perform this action. (HTTP 403)' });
    expect(classifyXFailure(429, { title: 'UsageCapExceeded', detail: 'Usage cap exceeded: Monthly product cap', type: 'https://api.twitter.com/2/problems/usage-capped' }, headers({}), now).kind).toBe('permanent');
    expect(classifyXFailure(503, { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank' }, headers({}), now).kind).toBe('transient');
  });
});
