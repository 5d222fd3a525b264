import { personaAt, personaCount } from './traffic-personas.data.js';
import { trafficStories } from './traffic-stories.data.js';
import { trafficStorms } from './traffic-storms.data.js';
import { routePlatform, type Persona, type PlannedBeat, type StoryBeat, type StorySlots, type StoryTemplate, type TrafficPlatform } from './traffic.types.js';

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** A small seeded generator (mulberry32), so a test can replay the same traffic. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How the traffic is spread over time (milliseconds at real pace). */
export const trafficPace = {
  /** The first burst: one new conversation on each of these platforms, this far apart, from this moment on. */
  burstPlatforms: ['whatsapp', 'facebook', 'instagram', 'x', 'line', 'telegram', 'email'] as readonly TrafficPlatform[],
  burstStartMs: 1_500,
  burstGapMs: 1_500,
  /** Then a new story starts every 6 to 10 seconds; its later messages follow at their own pace. */
  storyGapMs: [6_000, 10_000] as const,
  /** A complaint storm starts 90 seconds in, brews for ten minutes, and another follows every fifteen minutes. */
  stormStartMs: 90_000,
  stormSpanMs: 600_000,
  stormEveryMs: 900_000,
} as const;

const cities = ['Lisbon', 'Porto', 'Madrid', 'Barcelona', 'Rome', 'Milan', 'Geneva', 'Berlin', 'Dublin', 'Edinburgh', 'Amsterdam', 'Nice', 'Athens', 'Malaga', 'Copenhagen', 'Vienna', 'Prague', 'New York', 'Dubai'];
const refLetters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const firstName = (persona: Persona) => persona.name.split(' ')[0] ?? persona.name;

/**
 * Plans the demo's traffic up to `horizonMs`, in time order: a first burst that opens a conversation on every
 * platform within seconds, then stories (complaints, questions, praise, threads that continue, customers moving from
 * one channel to another) starting every few seconds, and complaint storms whose messages come ever closer together.
 */
export function planTraffic(options: { horizonMs: number; random: Random }): PlannedBeat[] {
  // Each run starts at another person, so a restarted demo brings new customers rather than the same ones again.
  const people = Math.floor(options.random() * personaCount);
  const beats = [...storyTrack(options.horizonMs, options.random, people), ...stormTrack(options.horizonMs, options.random, people + 1_000)];
  return beats.filter((beat) => beat.atMs < options.horizonMs).sort((a, b) => a.atMs - b.atMs);
}

function storyTrack(horizonMs: number, random: Random, people: number): PlannedBeat[] {
  const beats: PlannedBeat[] = [];
  let telling = 0;
  let startMs = 0;
  for (let pass = 0; startMs < horizonMs; pass += 1) {
    const order = shuffle([...trafficStories.keys()], random);
    const burst = pass === 0 ? burstOrder(order) : [];
    for (const templateIndex of [...burst, ...order.filter((index) => !burst.includes(index))]) {
      startMs = telling < burst.length ? trafficPace.burstStartMs + telling * trafficPace.burstGapMs : startMs + between(random, ...trafficPace.storyGapMs);
      if (startMs >= horizonMs) break;
      const persona = personaAt(people + telling);
      const story = tell(trafficStories[templateIndex] as StoryTemplate, slotsFor(random, persona), { storyId: `story-${telling}`, startMs, persona, others: [personaAt(people + 500 + telling)], random });
      beats.push(...story);
      telling += 1;
    }
  }
  return beats;
}

function stormTrack(horizonMs: number, random: Random, people: number): PlannedBeat[] {
  const beats: PlannedBeat[] = [];
  for (let storm = 0; trafficPace.stormStartMs + storm * trafficPace.stormEveryMs < horizonMs; storm += 1) {
    const startMs = trafficPace.stormStartMs + storm * trafficPace.stormEveryMs;
    const template = trafficStorms[storm % trafficStorms.length] as StoryTemplate;
    const slots = slotsFor(random, personaAt(people + storm * 100));
    const count = template(slots).beats.length;
    for (let k = 0; k < count; k += 1) {
      const persona = personaAt(people + storm * 100 + k);
      // Each voice signs with their own name; the flight and the airport are the storm's.
      const { beats: told, theme } = template({ ...slots, first: firstName(persona), name: persona.name });
      // The k-th message at span·√(k/n): messages come ever closer together, as if the rate grew steadily over the span.
      const atMs = startMs + Math.round(trafficPace.stormSpanMs * Math.sqrt(k / Math.max(1, count - 1))) + between(random, 0, 2_000);
      beats.push({ atMs, storyId: `storm-${storm}`, theme, persona, beat: told[k] as StoryBeat });
    }
  }
  return beats;
}

/** The stories that open the first burst: for each burst platform, the first story (in this order) that starts there. */
function burstOrder(order: readonly number[]): number[] {
  const chosen: number[] = [];
  for (const platform of trafficPace.burstPlatforms) {
    const found = order.find((index) => !chosen.includes(index) && firstPlatform(trafficStories[index] as StoryTemplate) === platform);
    if (found !== undefined) chosen.push(found);
  }
  return chosen;
}

function firstPlatform(template: StoryTemplate): TrafficPlatform | undefined {
  const first = template(slotsFor(() => 0, personaAt(0))).beats[0];
  return first === undefined ? undefined : routePlatform[first.route];
}

function tell(template: StoryTemplate, slots: StorySlots, at: { storyId: string; startMs: number; persona: Persona; others: Persona[]; random: Random }): PlannedBeat[] {
  const { theme, beats } = template(slots);
  let atMs = at.startMs;
  return beats.map((beat, index) => {
    if (index > 0) atMs += Math.round((beat.afterS ?? 30) * 1000 * (0.8 + at.random() * 0.45));
    const persona = beat.author === undefined ? at.persona : at.others[0] ?? at.persona;
    return { atMs, storyId: at.storyId, theme, persona, beat };
  });
}

function slotsFor(random: Random, persona: Persona): StorySlots {
  const ref = Array.from({ length: 6 }, () => pick(random, [...refLetters])).join('');
  return {
    first: firstName(persona), name: persona.name, flight: `AX${between(random, 100, 1999)}`, city: pick(random, cities), ref,
    digits: String(between(random, 1000, 9999)),
  };
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
