import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient } from '../../server/features/channels/meta/graph.client.js';
import { GraphApiError } from '../../server/features/channels/meta/graph.errors.js';
import { startMetaFake, type MetaFake } from '../../server/features/channels/meta/meta.fake.js';
import { z } from 'zod';

describe('Graph client against the fake', () => {
  let fake: MetaFake;
  let now = Date.now();
  const clock = { now: () => now };
  beforeAll(async () => {
    fake = await startMetaFake({ now: () => now });
    fake.addAsset({ kind: 'page', id: '1001', accessToken: 'page-token', appSecret: 'secret' });
    fake.customerWrote('1001', '42', now);
  });
  afterAll(async () => fake.close());

  const graph = () => createGraphClient({ meta: { graphUrl: fake.url, graphVersion: 'v25.0' }, timeoutMs: 5_000 }, clock);
  const send = (client: ReturnType<typeof graph>, token = 'page-token') => client.call({
    method: 'POST', path: '1001/messages', auth: 'query', accessToken: token, appSecret: 'secret', limiterKey: 'account-1',
    body: { recipient: { id: '42' }, messaging_type: 'RESPONSE', message: { text: 'hi' } },
  }, z.looseObject({ message_id: z.string() }));

  it('honours X-Business-Use-Case-Usage: waits the estimated minutes, and does not call again before the reset', async () => {
    const client = graph();
    fake.throttle({ untilMs: now + 150_000, code: 80006, status: 400 });
    const error = await send(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 180_000, code: 80006 } });
    const calls = fake.calls.length;
    now += 60_000;
    await expect(send(client)).rejects.toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 120_000 } });
    expect(fake.calls.length).toBe(calls);
    now += 121_000;
    fake.customerWrote('1001', '42', now);
    await expect(send(client)).resolves.toMatchObject({ message_id: expect.stringMatching(/^m_/) as string });
    fake.throttle(undefined);
  });

  it('tells onSent listeners about each accepted write, after answering', async () => {
    const seen: string[] = [];
    fake.onSent((sent) => seen.push(`${sent.kind}:${sent.target}:${sent.text ?? ''}`));
    fake.customerWrote('1001', '42', now);
    await send(graph());
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['message:42:hi']);
  });

  it('classifies a wrong token as an auth failure, as Graph answers it (code 190)', async () => {
    await expect(send(graph(), 'stale-token')).rejects.toMatchObject({ kind: 'auth', details: { code: 190 } });
  });

  it('treats an unreachable API as transient', async () => {
    const client = createGraphClient({ meta: { graphUrl: 'http://127.0.0.1:1', graphVersion: 'v25.0' }, timeoutMs: 2_000 }, clock);
    await expect(send(client)).rejects.toMatchObject({ kind: 'transient' });
  });
});
