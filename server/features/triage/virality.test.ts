import { describe, expect, it } from 'vitest';
import { scoreCounters, scoreGrowth, scoreVirality, viralityPriority } from './virality.js';

describe('virality', () => {
  it('scores a message\'s own counters on a log scale, reposts and replies above likes', () => {
    expect(scoreCounters(undefined)).toBe(0);
    expect(scoreCounters({ reposts: 0, replies: 0, likes: 0 })).toBe(0);
    // The counters of the example post in X's API documentation (retweet_count 5, reply_count 2, like_count 42).
    const documented = scoreCounters({ reposts: 5, replies: 2, likes: 42 });
    expect(documented).toBeGreaterThan(0.2);
    expect(documented).toBeLessThan(0.4);
    // A complaint shared by a crowd: 1,200 reposts, 300 replies, 8,000 likes.
    expect(scoreCounters({ reposts: 1200, replies: 300, likes: 8000 })).toBeGreaterThan(0.9);
    expect(scoreCounters({ reposts: 40 })).toBeGreaterThan(scoreCounters({ likes: 40 }));
    expect(scoreCounters({ reposts: 10_000_000, replies: 10_000_000 })).toBe(1);
  });

  it('scores thread growth from customer messages an hour', () => {
    expect(scoreGrowth(0)).toBe(0);
    expect(scoreGrowth(1)).toBeLessThan(0.2);
    expect(scoreGrowth(20)).toBeGreaterThan(0.7);
    expect(scoreGrowth(60)).toBe(1);
    expect(scoreGrowth(500)).toBe(1);
  });

  it('is high when either the counters or the growth is', () => {
    expect(scoreVirality(undefined, 0)).toBe(0);
    expect(scoreVirality({ reposts: 1200, replies: 300, likes: 8000 }, 0)).toBeGreaterThan(0.9);
    expect(scoreVirality(undefined, 40)).toBeGreaterThan(0.85);
    const both = scoreVirality({ reposts: 5, replies: 2, likes: 42 }, 10);
    expect(both).toBeGreaterThan(Math.max(scoreCounters({ reposts: 5, replies: 2, likes: 42 }), scoreGrowth(10)));
    expect(both).toBeLessThanOrEqual(1);
  });

  it('raises to high from 0.6 and to urgent from 0.85 only when the message is negative', () => {
    expect(viralityPriority(0.59, true)).toBeUndefined();
    expect(viralityPriority(0.6, false)).toBe('high');
    expect(viralityPriority(0.9, false)).toBe('high');
    expect(viralityPriority(0.85, true)).toBe('urgent');
  });
});
