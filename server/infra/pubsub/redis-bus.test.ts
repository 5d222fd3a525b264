import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import type { DomainEvent, EventBus } from './pubsub.port.js';
import { createRedisBus } from './redis-bus.js';

const redisUrl = process.env.REDIS_URL ?? '';
const logger = createLogger('silent');
const assigned: DomainEvent = { type: 'conversation.assigned', workspaceId: 'w1', at: 1_790_000_000_000, data: { id: 'c1', assigneeId: 'u1' } };
const quickly = { timeout: 1_500, interval: 10 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two buses on one channel of their own, like two nodes of one deployment. */
async function openNodes(): Promise<{ channel: string; nodes: EventBus[] }> {
  const channel = `rapport-test:${randomBytes(6).toString('hex')}`;
  const nodes = await Promise.all([createRedisBus({ redisUrl, channel, logger }), createRedisBus({ redisUrl, channel, logger })]);
  cleanups.push(async () => {
    await Promise.all(nodes.map((node) => node.close()));
  });
  return { channel, nodes };
}

function collect(bus: EventBus): DomainEvent[] {
  const received: DomainEvent[] = [];
  bus.subscribe((event) => received.push(event));
  return received;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe.skipIf(!process.env.REDIS_URL)('Redis event bus', () => {
  it('delivers an event published on one node to the subscribers of every node, once each', async () => {
    const { nodes: [publisher, other] } = await openNodes();
    const onPublisher = collect(publisher!);
    const onOther = collect(other!);
    await publisher!.publish([assigned]);
    await vi.waitFor(() => expect(onOther).toEqual([assigned]), quickly);
    await vi.waitFor(() => expect(onPublisher).toEqual([assigned]), quickly);
    await settle();
    expect(onOther).toHaveLength(1);
    expect(onPublisher).toHaveLength(1);
  });

  it('drops malformed messages and keeps delivering valid events', async () => {
    const { channel, nodes: [node] } = await openNodes();
    const received = collect(node!);
    const raw = new Redis(redisUrl);
    cleanups.push(async () => {
      await raw.quit();
    });
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ type: 'conversation.assigned', at: 1, data: {} }));
    await raw.publish(channel, JSON.stringify(assigned));
    await vi.waitFor(() => expect(received).toEqual([assigned]), quickly);
    await settle();
    expect(received).toEqual([assigned]);
  });

  it('keeps delivering to the other subscribers when one throws', async () => {
    const { nodes: [node] } = await openNodes();
    node!.subscribe(() => {
      throw new Error('broken subscriber');
    });
    const received = collect(node!);
    await node!.publish([assigned]);
    await vi.waitFor(() => expect(received).toEqual([assigned]), quickly);
  });
});
