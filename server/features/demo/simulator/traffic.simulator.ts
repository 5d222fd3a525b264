import type { Logger } from '../../../infra/logger.js';
import { planTraffic, seededRandom } from './traffic.plan.js';
import type { TrafficSender } from './traffic.senders.js';
import { routePlatform } from './traffic.types.js';

/** How much traffic, how fast. */
export interface TrafficOptions {
  /** Multiplies every delay: 1 is real time (the default), 0.05 is twenty times faster (tests). */
  timeScale?: number;
  /** Stops after this many messages (default 600). */
  maxMessages?: number;
  /** Stops after this long, at real pace (default 30 minutes). */
  maxDurationMs?: number;
  /** Seeds the choice of stories and people, to replay the same traffic (default: the clock). */
  seed?: number;
}

/** The running simulator. */
export interface TrafficSimulator {
  /** Messages Rapport accepted so far. */
  readonly delivered: number;
  /** Messages whose delivery failed (logged). */
  readonly failed: number;
  /** Resolves once the simulator is done: its bounds were reached or it was stopped. */
  readonly finished: Promise<void>;
  /** Stops sending, waits for the message in flight; no timer is left behind. */
  stop(): Promise<void>;
}

export const defaultTraffic = { maxMessages: 600, maxDurationMs: 30 * 60_000 } as const;

/**
 * Plays the demo's traffic: one message at a time, each at its planned moment, through `send`. A failed delivery is
 * logged and the traffic goes on; the simulator ends on its own after `maxMessages` or `maxDurationMs`.
 */
export function startTrafficSimulator(send: TrafficSender, logger: Logger, options: TrafficOptions = {}): TrafficSimulator {
  const scale = options.timeScale ?? 1;
  const maxMessages = options.maxMessages ?? defaultTraffic.maxMessages;
  const plan = planTraffic({ horizonMs: options.maxDurationMs ?? defaultTraffic.maxDurationMs, random: seededRandom(options.seed ?? Date.now()) }).slice(0, maxMessages);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const counts = { delivered: 0, failed: 0 };
  const startedAt = Date.now();

  const sleepUntil = (at: number) => new Promise<void>((resolve) => {
    wake = resolve;
    timer = setTimeout(resolve, Math.max(0, at - Date.now()));
  });

  async function run(): Promise<void> {
    logger.info({ messages: plan.length, minutes: Math.round(((plan.at(-1)?.atMs ?? 0) * scale) / 60_000) }, 'demo traffic started');
    for (const planned of plan) {
      await sleepUntil(startedAt + planned.atMs * scale);
      if (stopped) return;
      try {
        await send(planned);
        counts.delivered += 1;
        logger.debug({ platform: routePlatform[planned.beat.route], story: planned.storyId }, 'demo message delivered');
      } catch (error) {
        counts.failed += 1;
        logger.warn({ err: error, platform: routePlatform[planned.beat.route], story: planned.storyId }, 'demo message could not be delivered');
      }
    }
    logger.info(counts, 'demo traffic finished');
  }

  const finished = run().finally(() => {
    timer = undefined;
    wake = undefined;
  });
  return {
    get delivered() {
      return counts.delivered;
    },
    get failed() {
      return counts.failed;
    },
    finished,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      await finished;
    },
  };
}
