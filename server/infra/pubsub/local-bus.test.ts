import { describe, expect, it } from 'vitest';
import { createLocalBus } from './local-bus.js';
import type { DomainEvent } from './pubsub.port.js';

const assigned: DomainEvent = { type: 'conversation.assigned', workspaceId: 'w1', at: 1_790_000_000_000, data: { id: 'c1' } };

describe('local event bus', () => {
  it('delivers each published event to every subscriber before publish returns', async () => {
    const bus = createLocalBus();
    const first: DomainEvent[] = [];
    const second: DomainEvent[] = [];
    bus.subscribe((event) => first.push(event));
    bus.subscribe((event) => second.push(event));
    const published = bus.publish([assigned, { ...assigned, type: 'conversation.resolved' }]);
    expect(first.map((e) => e.type)).toEqual(['conversation.assigned', 'conversation.resolved']);
    expect(second).toEqual(first);
    await published;
  });

  it('keeps delivering to the other subscribers when one throws', async () => {
    const bus = createLocalBus();
    const received: DomainEvent[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((event) => received.push(event));
    await expect(bus.publish([assigned])).resolves.toBeUndefined();
    expect(received).toEqual([assigned]);
  });

  it('stops delivering to a subscriber once it unsubscribed', async () => {
    const bus = createLocalBus();
    const received: DomainEvent[] = [];
    const unsubscribe = bus.subscribe((event) => received.push(event));
    await bus.publish([assigned]);
    unsubscribe();
    await bus.publish([assigned]);
    expect(received).toHaveLength(1);
  });
});
