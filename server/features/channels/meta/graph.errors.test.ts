import { describe, expect, it } from 'vitest';
import { businessUseCaseWaitMinutes, classifyGraphFailure, highestUsagePercent, retryAfterFromHeaders } from './graph.errors.js';

const error = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `error ${code}`, type: 'OAuthException', code, fbtrace_id: 'EJplcsCHuLu', ...extra } });
const buc = (minutes: number) => JSON.stringify({ '102290129340398': [{ type: 'whatsapp', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: minutes }] });

describe('Graph API failures', () => {
  it('reads the reset from X-Business-Use-Case-Usage (minutes) and prefers a precise Retry-After', () => {
    expect(businessUseCaseWaitMinutes(buc(3))).toBe(3);
    expect(businessUseCaseWaitMinutes('{"1":[{"estimated_time_to_regain_access":2}],"2":[{"estimated_time_to_regain_access":7}]}')).toBe(7);
    expect(businessUseCaseWaitMinutes('not json')).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'x-business-use-case-usage': buc(3) }), 0)).toBe(180_000);
    expect(retryAfterFromHeaders(new Headers({ 'x-business-use-case-usage': buc(3), 'retry-after': '2' }), 0)).toBe(2_000);
    expect(highestUsagePercent(new Headers({ 'x-app-usage': '{"call_count":100,"total_cputime":25,"total_time":40}' }))).toBe(100);
  });

  it('classifies throttles, transient errors, token errors and permanent refusals by code and status', () => {
    const none = new Headers();
    for (const code of [4, 17, 32, 613, 80_006, 80_007, 130_429, 131_056]) expect(classifyGraphFailure(400, error(code), none, 0).kind).toBe('rate-limited');
    expect(classifyGraphFailure(400, error(4), new Headers({ 'x-business-use-case-usage': buc(5) }), 0).details.retryAfterMs).toBe(300_000);
    expect(classifyGraphFailure(429, undefined, none, 0).kind).toBe('rate-limited');
    expect(classifyGraphFailure(500, error(2), none, 0).kind).toBe('transient');
    expect(classifyGraphFailure(503, undefined, none, 0).kind).toBe('transient');
    expect(classifyGraphFailure(400, error(1, { is_transient: true }), none, 0).kind).toBe('transient');
    expect(classifyGraphFailure(400, error(190, { error_subcode: 463 }), none, 0).kind).toBe('auth');
    const refused = classifyGraphFailure(400, error(10, { error_subcode: 2018278, error_user_msg: 'Outside the window' }), none, 0);
    expect(refused.kind).toBe('permanent');
    expect(refused.message).toBe('error 10 — Outside the window [code 10/2018278]');
    expect(classifyGraphFailure(400, error(131_047, { error_data: { details: 'more than 24 hours' } }), none, 0).message).toContain('more than 24 hours');
  });
});
