/** Where a customer writes: a platform, in public (posts, comments) or in private (DMs, chats, mail). */
export type TrafficRoute = 'x' | 'x-dm' | 'facebook' | 'messenger' | 'instagram' | 'instagram-dm' | 'whatsapp' | 'line' | 'telegram' | 'email';

/** The platform of each route, as Rapport names it. */
export const routePlatform = {
  x: 'x', 'x-dm': 'x', facebook: 'facebook', messenger: 'facebook', instagram: 'instagram', 'instagram-dm': 'instagram',
  whatsapp: 'whatsapp', line: 'line', telegram: 'telegram', email: 'email',
} as const satisfies Record<TrafficRoute, string>;

/** A platform the traffic reaches Rapport on. */
export type TrafficPlatform = (typeof routePlatform)[TrafficRoute];

/** Routes whose messages are public and thread under a post. */
export const publicRoutes: ReadonlySet<TrafficRoute> = new Set(['x', 'facebook', 'instagram']);

/** A person who writes to Acme Air in the demo; `serial` makes their ids on every platform, the same on every run. */
export interface Persona {
  serial: number;
  name: string;
  /** Their user name on X, Instagram and Telegram (at most 15 characters, as X allows). */
  handle: string;
  email: string;
}

/** One message of a story. */
export interface StoryBeat {
  route: TrafficRoute;
  text: string;
  /** Seconds after the story's previous message (30 when not given). */
  afterS?: number;
  /** The subject of an email (later mails of the story answer the first). */
  subject?: string;
  /** Written by someone else: a bystander joining the customer's public thread, or one more voice of a complaint storm. */
  author?: 'bystander' | 'crowd';
  /** Starts a new public post instead of answering the story's earlier one on this route. */
  fresh?: boolean;
}

/** A conversation (or, for a storm, a wave of them) the simulator plays out. */
export interface Story {
  theme: 'complaint' | 'question' | 'praise' | 'storm';
  beats: StoryBeat[];
}

/** The facts a story is told with, drawn afresh for every telling. */
export interface StorySlots {
  first: string;
  name: string;
  flight: string;
  /** A city Acme Air flies to. */
  city: string;
  /** A booking reference. */
  ref: string;
  /** Four random digits, for report numbers. */
  digits: string;
}

/** A story with its facts left open. */
export type StoryTemplate = (slots: StorySlots) => Story;

/** One message due at a moment of the simulation. */
export interface PlannedBeat {
  /** Milliseconds after the simulation started (at real pace). */
  atMs: number;
  /** Identifies the telling of a story, so its messages thread together. */
  storyId: string;
  theme: Story['theme'];
  /** Who writes this message. */
  persona: Persona;
  beat: StoryBeat;
}
