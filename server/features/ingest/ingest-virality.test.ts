import { describe, expect, it } from 'vitest';
import { growthPerHour, storedRecentMessages } from './ingest-virality.js';

const minute = 60_000;
const at = Date.parse('2026-11-20T12:00:00Z');

describe('thread growth from what ingest holds in memory', () => {
  it('measures the last hour, or the thread\'s age when younger, but never less than half an hour', () => {
    expect(growthPerHour(30, 3 * 60 * minute)).toBe(30);
    expect(growthPerHour(30, 45 * minute)).toBe(40);
    // Ten replies within a minute of the post are not a rate of 600 an hour.
    expect(growthPerHour(10, minute)).toBe(20);
    expect(growthPerHour(0, 0)).toBe(0);
  });

  it('estimates a stored thread\'s recent messages from its count and first and last customer message, at half weight', () => {
    expect(storedRecentMessages(undefined, at)).toBe(0);
    expect(storedRecentMessages({ message_count: 3, first_inbound_at: null, last_inbound_at: null }, at)).toBe(0);
    // A thread that went quiet over an hour ago adds nothing.
    expect(storedRecentMessages({ message_count: 40, first_inbound_at: at - 5 * 60 * minute, last_inbound_at: at - 61 * minute }, at)).toBe(0);
    // 24 messages in the last 20 minutes: all of them are recent.
    expect(storedRecentMessages({ message_count: 24, first_inbound_at: at - 20 * minute, last_inbound_at: at - minute }, at)).toBe(12);
    // 240 messages over ten days, the last a minute ago: about an hour's share of them.
    const slow = storedRecentMessages({ message_count: 240, first_inbound_at: at - 10 * 24 * 60 * minute, last_inbound_at: at - minute }, at);
    expect(slow).toBeGreaterThanOrEqual(0.5);
    expect(slow).toBeLessThanOrEqual(1);
    expect(storedRecentMessages({ message_count: 2, first_inbound_at: at - minute, last_inbound_at: at - minute }, at)).toBe(1);
  });
});
