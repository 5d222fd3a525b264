import { z } from 'zod';
import { platforms } from '../../../common/enums.js';
import { timeZone } from '../workspaces/workspace.schemas.js';

/** The longest range one request may cover, so a dashboard stays a sub-second query. */
export const maxRangeDays = 92;

export const analyticsQuery = z.strictObject({
  /** Start of the range (inclusive); defaults to 7 days before `to`. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** End of the range (exclusive); defaults to now. */
  to: z.iso.datetime({ offset: true }).optional(),
  /** The IANA zone hours and days are counted in; defaults to the workspace's. */
  timeZone: timeZone.optional(),
});
/** The range and zone of a dashboard. */
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

const durationBucket = z.object({
  /** Human label of the bucket, e.g. "15–30 min". */
  label: z.string(),
  /** Upper bound in seconds (exclusive); null for the open last bucket. */
  maxSeconds: z.number().nullable(),
  count: z.number().int(),
});

export const analyticsView = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  totals: z.object({
    inboundMessages: z.number().int(),
    /** Conversations whose first customer message falls in the range. */
    conversations: z.number().int(),
    resolved: z.number().int(),
    firstResponseAvgSeconds: z.number().nullable(),
    /** True when triage figures were computed from the newest part of the range only (very busy ranges). */
    triageSampled: z.boolean(),
  }),
  /** Inbound messages per channel and local hour of day (0–23). */
  volumeByChannelHour: z.array(z.object({ channel: z.enum(platforms), hour: z.number().int(), count: z.number().int() })),
  /** Inbound messages per channel and local day (YYYY-MM-DD). */
  volumeByDay: z.array(z.object({ day: z.string(), channel: z.enum(platforms), count: z.number().int() })),
  firstResponse: z.array(durationBucket),
  resolution: z.array(durationBucket),
  sentimentByDay: z.array(z.object({ day: z.string(), negative: z.number().int(), neutral: z.number().int(), positive: z.number().int() })),
  topIntents: z.array(z.object({ intent: z.string(), count: z.number().int() })),
  /** Open work now (not limited to the range), per queue; queueId null is "no queue". */
  backlogByQueue: z.array(z.object({ queueId: z.string().nullable(), queueName: z.string(), open: z.number().int(), pending: z.number().int(), snoozed: z.number().int() })),
});
/** Everything the first dashboards show. */
export type AnalyticsView = z.infer<typeof analyticsView>;
