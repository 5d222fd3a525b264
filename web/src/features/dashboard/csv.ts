import type { Analytics } from '../../api/types';

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Every figure of the dashboards as one CSV: dataset, dimension, series, value. */
export function analyticsCsv(data: Analytics): string {
  const rows: Array<Array<string | number>> = [['dataset', 'dimension', 'series', 'value']];
  rows.push(['range', 'from', '', data.from], ['range', 'to', '', data.to], ['range', 'time zone', '', data.timeZone]);
  rows.push(['totals', 'inbound messages', '', data.totals.inboundMessages], ['totals', 'conversations', '', data.totals.conversations], ['totals', 'resolved', '', data.totals.resolved]);
  if (data.totals.firstResponseAvgSeconds !== null) rows.push(['totals', 'first response average (s)', '', data.totals.firstResponseAvgSeconds]);
  for (const row of data.volumeByChannelHour) rows.push(['volume by hour', String(row.hour).padStart(2, '0'), row.channel, row.count]);
  for (const row of data.volumeByDay) rows.push(['volume by day', row.day, row.channel, row.count]);
  for (const bucket of data.firstResponse) rows.push(['first response time', bucket.label, '', bucket.count]);
  for (const bucket of data.resolution) rows.push(['resolution time', bucket.label, '', bucket.count]);
  for (const day of data.sentimentByDay) for (const label of ['negative', 'neutral', 'positive'] as const) rows.push(['sentiment by day', day.day, label, day[label]]);
  for (const intent of data.topIntents) rows.push(['top intents', intent.intent, '', intent.count]);
  for (const queue of data.backlogByQueue) for (const status of ['open', 'pending', 'snoozed'] as const) rows.push(['backlog by queue', queue.queueName, status, queue[status]]);
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Saves text as a file through the browser's download. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
