import { platforms, type Platform } from '../../../common/enums.js';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { storedTriageOf } from '../triage/triage.presenter.js';
import { getWorkspace } from '../workspaces/workspace.service.js';
import {
  countBacklog, countConversationsStarted, countInboundByBucket, durationBoundsSeconds, firstResponseBuckets, loadTriagedMessages, resolutionBuckets,
  volumeBucketMs, type Range,
} from './analytics.repo.js';
import { maxRangeDays, type AnalyticsQuery, type AnalyticsView } from './analytics.schemas.js';
import { localClock } from './local-time.js';

const dayMs = 24 * 3600 * 1000;
/** Inbound messages whose triage is read per request; beyond it the figures come from the newest ones. */
const triageSampleSize = 50_000;

/** The dashboards' figures for a range of the actor's workspace, in a time zone. */
export async function getAnalytics(ctx: AppContext, actor: Actor, query: AnalyticsQuery): Promise<AnalyticsView> {
  requirePermission(actor, 'analytics:read');
  const db = ctx.db.kysely;
  const workspace = await getWorkspace(db, actor.workspaceId);
  const timeZone = query.timeZone ?? workspace.time_zone;
  const range = rangeOf(query, ctx.clock.now());
  const [volume, started, firstResponse, resolution, triaged, backlog] = await Promise.all([
    countInboundByBucket(db, actor.workspaceId, range),
    countConversationsStarted(db, actor.workspaceId, range),
    firstResponseBuckets(db, actor.workspaceId, range),
    resolutionBuckets(db, actor.workspaceId, range),
    loadTriagedMessages(db, actor.workspaceId, range, triageSampleSize),
    countBacklog(db, actor.workspaceId),
  ]);
  const clock = localClock(timeZone);
  const volumeViews = summariseVolume(volume, clock);
  const triage = summariseTriage(triaged, clock);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    timeZone,
    totals: {
      inboundMessages: volume.reduce((sum, row) => sum + row.count, 0),
      conversations: started,
      resolved: [...resolution.values()].reduce((sum, count) => sum + count, 0),
      firstResponseAvgSeconds: firstResponse.averageMs === null ? null : Math.round(firstResponse.averageMs / 1000),
      triageSampled: triaged.length >= triageSampleSize,
    },
    ...volumeViews,
    firstResponse: bucketViews(firstResponse.buckets),
    resolution: bucketViews(resolution),
    ...triage,
    backlogByQueue: summariseBacklog(backlog),
  };
}

function rangeOf(query: AnalyticsQuery, now: number): Range {
  const to = query.to === undefined ? now : Date.parse(query.to);
  const from = query.from === undefined ? to - 7 * dayMs : Date.parse(query.from);
  if (from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
  if (to - from > maxRangeDays * dayMs) throw new AppError('VALIDATION_FAILED', `A range covers at most ${maxRangeDays} days`, [{ path: 'query.from', message: `at most ${maxRangeDays} days before to` }]);
  return { from, to };
}

function summariseVolume(rows: Array<{ platform: string; bucket: number; count: number }>, clock: ReturnType<typeof localClock>): Pick<AnalyticsView, 'volumeByChannelHour' | 'volumeByDay'> {
  const byHour = new Map<string, { channel: Platform; hour: number; count: number }>();
  const byDay = new Map<string, { day: string; channel: Platform; count: number }>();
  for (const row of rows) {
    if (!(platforms as readonly string[]).includes(row.platform)) continue;
    const channel = row.platform as Platform;
    const local = clock(row.bucket * volumeBucketMs);
    const hourKey = `${channel}|${local.hour}`;
    const dayKey = `${channel}|${local.day}`;
    byHour.set(hourKey, { channel, hour: local.hour, count: (byHour.get(hourKey)?.count ?? 0) + row.count });
    byDay.set(dayKey, { day: local.day, channel, count: (byDay.get(dayKey)?.count ?? 0) + row.count });
  }
  return {
    volumeByChannelHour: [...byHour.values()].sort((a, b) => a.hour - b.hour || a.channel.localeCompare(b.channel)),
    volumeByDay: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel)),
  };
}

function summariseTriage(rows: Array<{ sentAt: number; metadata: string }>, clock: ReturnType<typeof localClock>): Pick<AnalyticsView, 'sentimentByDay' | 'topIntents'> {
  const days = new Map<string, { day: string; negative: number; neutral: number; positive: number }>();
  const intents = new Map<string, number>();
  for (const row of rows) {
    const triage = storedTriageOf(row.metadata);
    if (triage === undefined) continue;
    const day = clock(row.sentAt).day;
    const entry = days.get(day) ?? { day, negative: 0, neutral: 0, positive: 0 };
    entry[triage.sentiment.label] += 1;
    days.set(day, entry);
    const intent = triage.intent.decided ? triage.intent.label : 'unclassified';
    intents.set(intent, (intents.get(intent) ?? 0) + 1);
  }
  return {
    sentimentByDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    topIntents: [...intents.entries()].map(([intent, count]) => ({ intent, count })).sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)).slice(0, 10),
  };
}

function bucketViews(counts: Map<number, number>): AnalyticsView['firstResponse'] {
  const bounds: Array<number | null> = [...durationBoundsSeconds, null];
  return bounds.map((maxSeconds, index) => ({ label: bucketLabel(index), maxSeconds, count: counts.get(index) ?? 0 }));
}

function bucketLabel(index: number): string {
  const lower = index === 0 ? 0 : durationBoundsSeconds[index - 1];
  const upper = durationBoundsSeconds[index];
  if (lower === undefined) return 'other';
  if (upper === undefined) return `≥ ${formatSeconds(lower)}`;
  return index === 0 ? `< ${formatSeconds(upper)}` : `${formatSeconds(lower)}–${formatSeconds(upper)}`;
}

function formatSeconds(seconds: number): string {
  return seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;
}

function summariseBacklog(rows: Awaited<ReturnType<typeof countBacklog>>): AnalyticsView['backlogByQueue'] {
  const queues = new Map<string, AnalyticsView['backlogByQueue'][number]>();
  for (const row of rows) {
    const key = row.queueId ?? '';
    const entry = queues.get(key) ?? { queueId: row.queueId, queueName: row.queueName ?? 'No queue', open: 0, pending: 0, snoozed: 0 };
    if (row.status === 'open' || row.status === 'pending' || row.status === 'snoozed') entry[row.status] += row.count;
    queues.set(key, entry);
  }
  return [...queues.values()].sort((a, b) => b.open + b.pending + b.snoozed - (a.open + a.pending + a.snoozed) || a.queueName.localeCompare(b.queueName));
}
