import type { DemoFakes } from '../live/demo-fakes.js';
import type { MailThread } from './traffic.mail.js';
import { personaIds } from './traffic.identities.js';
import { deliverOnRoute, type TrafficTargets } from './traffic.routes.js';
import { publicRoutes, type PlannedBeat, type TrafficRoute } from './traffic.types.js';

/** Delivers one planned message the way its platform would: a signed webhook through the fake, or a mail over SMTP. */
export type TrafficSender = (planned: PlannedBeat) => Promise<void>;

/** What the messages of one story already posted, so later ones answer them. */
interface Thread {
  /** The first public post of the story on each route, and the latest. */
  root: Map<TrafficRoute, string>;
  last: Map<TrafficRoute, string>;
  mail: MailThread;
}

/** Creates the sender; it keeps, per story, the ids of what was posted so that replies and follow-ups thread. */
export function createTrafficSender(fakes: DemoFakes, targets: TrafficTargets, now: () => number = Date.now): TrafficSender {
  const threads = new Map<string, Thread>();
  // Telegram message ids grow per chat; starting from the clock keeps them growing across restarts of the demo.
  let serial = Math.floor((Date.now() - 1.7e12) / 100);
  return async ({ storyId, persona, beat }) => {
    const thread: Thread = threads.get(storyId) ?? { root: new Map(), last: new Map(), mail: { ids: [] } };
    threads.set(storyId, thread);
    const posted = await deliverOnRoute[beat.route]({
      fakes, targets, persona, ids: personaIds(persona), text: beat.text, subject: beat.subject, at: now(), mail: thread.mail,
      parent: parentOf(thread, beat), brandPost: [...storyId].reduce((sum, char) => sum + char.charCodeAt(0), 0), serial: () => (serial += 1),
    });
    if (posted === undefined) return;
    if (!thread.root.has(beat.route)) thread.root.set(beat.route, posted);
    thread.last.set(beat.route, posted);
  };
}

/**
 * The post a public message answers: on X the customer continues their own thread and others answer its first post;
 * Facebook and Instagram comments nest one level deep, so every reply answers the first comment. None for a fresh post.
 */
function parentOf(thread: Thread, beat: PlannedBeat['beat']): string | undefined {
  if (!publicRoutes.has(beat.route) || beat.fresh === true) return undefined;
  const ownThread = beat.route === 'x' && beat.author === undefined;
  return (ownThread ? thread.last : thread.root).get(beat.route);
}
