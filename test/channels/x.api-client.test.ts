import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createXApiClient } from '../../server/features/channels/x/x-api.client.js';
import { XApiError } from '../../server/features/channels/x/x-api.errors.js';
import { startXFake, type XFake } from '../../server/features/channels/x/x.fake.js';

describe('X API client against the fake', () => {
  let fake: XFake;
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const clock = { now: () => now };
  beforeAll(async () => {
    fake = await startXFake({ consumerSecret: 'secret', now: () => now });
    fake.addUser({ id: '2244994945', username: 'acmecare', name: 'Acme Care' });
    fake.addUser({ id: '6253282', username: 'jane_flies', name: 'Jane' });
    fake.addToken('user-token', { userId: '2244994945' });
    fake.addToken('app-token', 'app');
  });
  afterAll(async () => fake.close());

  const client = () => createXApiClient({ x: { apiUrl: fake.url }, timeoutMs: 500 }, clock);
  const dm = (api: ReturnType<typeof client>, text: string, token = 'user-token') => api.call({
    method: 'POST', path: '/2/dm_conversations/with/6253282/messages', token, body: { text }, limiterKey: 'account-1:dm',
  }, z.looseObject({ data: z.looseObject({ dm_event_id: z.string() }) }));
  const failure = async (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error);

  it('does not call again once x-rate-limit-remaining reaches 0, until x-rate-limit-reset', async () => {
    const api = client();
    fake.setLimit('dm', 1);
    await dm(api, 'first');
    const calls = fake.calls.length;
    const refused = await failure(dm(api, 'second'));
    expect(refused).toBeInstanceOf(XApiError);
    expect(refused).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 15 * 60_000 } });
    expect(fake.calls.length).toBe(calls);
    now += 15 * 60_000;
    await dm(api, 'after the reset');
    expect(fake.dms.map((item) => item.text)).toEqual(['first', 'after the reset']);
    fake.setLimit('dm', 15);
  });

  it('reads X\'s problem on a refusal, and an app-only token is refused for DMs as X refuses it', async () => {
    const refused = await failure(dm(client(), 'with the app token', 'app-token'));
    expect(refused).toMatchObject({ kind: 'auth', details: { status: 403, type: 'https://api.x.com/2/problems/unsupported-authentication' } });
    const unknownUser = await failure(client().call({ method: 'POST', path: '/2/dm_conversations/with/42/messages', token: 'user-token', body: { text: 'hi' }, limiterKey: 'k' }, z.unknown()));
    expect(unknownUser).toMatchObject({ kind: 'permanent', message: 'Forbidden: You cannot send messages to this user. (HTTP 403)' });
  });

  it('counts a hung connection as transient once the timeout passes', async () => {
    fake.stall('search');
    const hung = await failure(client().call({ method: 'GET', path: '/2/tweets/search/recent', query: { query: 'refund' }, token: 'app-token', limiterKey: 'k' }, z.unknown()));
    fake.stall(undefined);
    expect(hung).toMatchObject({ kind: 'transient' });
  });
});
