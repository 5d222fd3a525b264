import { describe, expect, it } from 'vitest';
import { planTraffic, seededRandom } from './traffic.plan.js';
import { routePlatform, type PlannedBeat } from './traffic.types.js';

const horizonMs = 30 * 60_000;
const plan = (seed: number) => planTraffic({ horizonMs, random: seededRandom(seed) });
/** The beats of each story, by story id. */
const byStory = (beats: readonly PlannedBeat[]) => {
  const stories = new Map<string, PlannedBeat[]>();
  for (const beat of beats) stories.set(beat.storyId, [...(stories.get(beat.storyId) ?? []), beat]);
  return [...stories.values()];
};
const platforms = (beats: readonly PlannedBeat[]) => new Set(beats.map((beat) => routePlatform[beat.beat.route]));

describe('the demo traffic plan', () => {
  it.each([1, 2, 3, 42])('opens a conversation on every platform within twelve seconds (seed %i)', (seed) => {
    const firstBurst = plan(seed).filter((beat) => beat.atMs <= 12_000);
    expect(platforms(firstBurst)).toEqual(new Set(['whatsapp', 'facebook', 'instagram', 'x', 'line', 'telegram', 'email']));
  });

  it('then keeps a message coming every few seconds for half an hour, in time order', () => {
    const beats = plan(7);
    expect(beats.map((beat) => beat.atMs)).toEqual([...beats.map((beat) => beat.atMs)].sort((a, b) => a - b));
    for (let minute = 0; minute < 29; minute += 1) {
      const inMinute = beats.filter((beat) => beat.atMs >= minute * 60_000 && beat.atMs < (minute + 1) * 60_000);
      expect(inMinute.length, `minute ${minute}`).toBeGreaterThanOrEqual(6);
    }
    expect(beats.length).toBeLessThan(600);
  });

  it('brews a complaint storm: its messages come ever closer together over ten minutes, on many channels', () => {
    const storm = plan(7).filter((beat) => beat.storyId === 'storm-0');
    expect(storm.length).toBeGreaterThanOrEqual(20);
    const span = (storm.at(-1)?.atMs ?? 0) - (storm[0]?.atMs ?? 0);
    expect(span).toBeGreaterThan(9 * 60_000);
    const firstHalf = storm.filter((beat) => beat.atMs < (storm[0]?.atMs ?? 0) + span / 2).length;
    expect(firstHalf).toBeLessThan(storm.length / 3);
    expect(platforms(storm).size).toBeGreaterThanOrEqual(6);
    expect(new Set(storm.map((beat) => beat.persona.serial)).size).toBeGreaterThan(15);
  });

  it('continues threads, brings in bystanders and has customers write on two channels', () => {
    const stories = byStory(plan(7).filter((beat) => beat.storyId.startsWith('story-')));
    expect(stories.some((beats) => beats.length >= 3)).toBe(true);
    expect(stories.some((beats) => beats.some((beat) => beat.beat.author === 'bystander'))).toBe(true);
    const twoChannels = stories.filter((beats) => platforms(beats.filter((beat) => beat.beat.author === undefined)).size >= 2);
    expect(twoChannels.length).toBeGreaterThanOrEqual(3);
  });

  it('writes every X post at the brand and gives every first email a subject', () => {
    const beats = plan(11);
    const posts = beats.filter((beat) => beat.beat.route === 'x');
    expect(posts.every((beat) => beat.beat.text.includes('@acmeair'))).toBe(true);
    const firstMails = byStory(beats.filter((beat) => beat.beat.route === 'email')).map((mails) => mails[0]);
    expect(firstMails.every((mail) => (mail?.beat.subject ?? '') !== '')).toBe(true);
  });

  it('replays the same traffic for the same seed', () => {
    expect(plan(5).map((beat) => beat.beat.text)).toEqual(plan(5).map((beat) => beat.beat.text));
    expect(plan(5).map((beat) => beat.beat.text)).not.toEqual(plan(6).map((beat) => beat.beat.text));
  });
});
