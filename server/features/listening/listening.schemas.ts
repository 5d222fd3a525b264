import { z } from 'zod';
import { platforms } from '../../../common/enums.js';

/** Platforms whose accounts can have listening queries. */
export const listeningPlatforms: ReadonlySet<string> = new Set(['x']);
export const listeningKinds = ['mentions', 'search'] as const;

/** Bounds of a query's polling interval: X allows 300–450 calls per 15 minutes per endpoint, so 15 s leaves room for paging. */
export const intervalBounds = { min: 15, max: 86_400, default: 60 } as const;

export const createListeningQueryBody = z.strictObject({
  accountId: z.string().min(1).max(64),
  kind: z.enum(listeningKinds),
  /** The recent-search query (X operators such as `@brand -is:retweet`); not used for mentions. */
  query: z.string().trim().max(4_096).optional(),
  intervalSeconds: z.number().int().min(intervalBounds.min).max(intervalBounds.max).optional(),
});
/** What it takes to save a listening query. */
export type CreateListeningQueryBody = z.infer<typeof createListeningQueryBody>;

export const listeningQueryView = z.object({
  id: z.string(),
  accountId: z.string(),
  channel: z.enum(platforms),
  kind: z.enum(listeningKinds),
  query: z.string(),
  intervalSeconds: z.number(),
  active: z.boolean(),
  /** The newest post id already taken in; the next poll asks only for newer ones. */
  sinceId: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  /** Why the last poll failed (X's own words), or null when it succeeded. */
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
/** A saved listening query as the API shows it. */
export type ListeningQueryView = z.infer<typeof listeningQueryView>;
