import type { EChartsCoreOption } from 'echarts/core';
import type { Platform } from '../../../../common/enums.js';
import type { Analytics, DurationBucket } from '../../api/types';
import { channelName, humanize } from '../../lib/format';

const axisLabel = { color: '#475569' };

/** One colour per channel, the same in every chart. */
const channelColours: Record<Platform, string> = {
  x: '#334155', facebook: '#2563eb', instagram: '#db2777', whatsapp: '#16a34a', line: '#65a30d', telegram: '#0891b2',
  email: '#d97706', webchat: '#7c3aed', phone: '#0d9488', api: '#64748b',
};
const grid = { left: 48, right: 16, top: 40, bottom: 32, containLabel: false };
const legend = { top: 0, type: 'scroll', itemWidth: 12, itemHeight: 8, itemGap: 10, textStyle: axisLabel };

/** Stacked bars of inbound messages per local hour, one series per channel. */
export function volumeByHourOption(data: Analytics): EChartsCoreOption {
  const channels = [...new Set(data.volumeByChannelHour.map((row) => row.channel))].sort();
  const hours = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: hours, axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: channels.map((channel) => ({
      name: channelName(channel), type: 'bar', stack: 'volume', itemStyle: { color: channelColours[channel] },
      data: hours.map((_, hour) => data.volumeByChannelHour.find((row) => row.channel === channel && row.hour === hour)?.count ?? 0),
    })),
  };
}

/** Stacked bars of inbound messages per local day, one series per channel. */
export function volumeByDayOption(data: Analytics): EChartsCoreOption {
  const channels = [...new Set(data.volumeByDay.map((row) => row.channel))].sort();
  const days = [...new Set(data.volumeByDay.map((row) => row.day))].sort();
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: days.map((day) => day.slice(5)), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: channels.map((channel) => ({
      name: channelName(channel), type: 'bar', stack: 'volume', itemStyle: { color: channelColours[channel] },
      data: days.map((day) => data.volumeByDay.find((row) => row.channel === channel && row.day === day)?.count ?? 0),
    })),
  };
}

/** Bars of a duration distribution. */
export function distributionOption(buckets: DurationBucket[], colour: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 16 },
    xAxis: { type: 'category', data: buckets.map((bucket) => bucket.label), axisLabel: { ...axisLabel, interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [{ type: 'bar', name: 'Conversations', data: buckets.map((bucket) => bucket.count), itemStyle: { color: colour } }],
  };
}

/** Stacked sentiment per day. */
export function sentimentOption(data: Analytics): EChartsCoreOption {
  const days = data.sentimentByDay.map((day) => day.day.slice(5));
  const series = [
    { key: 'negative' as const, colour: '#dc2626' },
    { key: 'neutral' as const, colour: '#94a3b8' },
    { key: 'positive' as const, colour: '#16a34a' },
  ];
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: days, axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: series.map(({ key, colour }) => ({ name: humanize(key), type: 'bar', stack: 'sentiment', itemStyle: { color: colour }, data: data.sentimentByDay.map((day) => day[key]) })),
  };
}

/** Horizontal bars of the most frequent intents. */
export function intentsOption(data: Analytics): EChartsCoreOption {
  const intents = [...data.topIntents].reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 140, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1, axisLabel },
    yAxis: { type: 'category', data: intents.map((intent) => humanize(intent.intent)), axisLabel },
    series: [{ type: 'bar', name: 'Messages', data: intents.map((intent) => intent.count), itemStyle: { color: '#7c3aed' } }],
  };
}

/** Stacked horizontal bars of the open backlog per queue. */
export function backlogOption(data: Analytics): EChartsCoreOption {
  const queues = [...data.backlogByQueue].reverse();
  const statuses = [
    { key: 'open' as const, colour: '#2563eb' },
    { key: 'pending' as const, colour: '#d97706' },
    { key: 'snoozed' as const, colour: '#94a3b8' },
  ];
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { left: 160, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1, axisLabel },
    yAxis: { type: 'category', data: queues.map((queue) => queue.queueName), axisLabel },
    series: statuses.map(({ key, colour }) => ({ name: humanize(key), type: 'bar', stack: 'backlog', itemStyle: { color: colour }, data: queues.map((queue) => queue[key]) })),
  };
}
