import { useMemo, useState } from 'react';
import type { Analytics, Workspace } from '../../../api/types';
import { formatDuration } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { backlogOption, distributionOption, intentsOption, sentimentOption, volumeByDayOption, volumeByHourOption } from '../chart-options';
import { analyticsCsv, downloadText } from '../csv';
import { localDay, startOfDayIn, timeZoneChoices } from '../date-range';
import { useAnalytics } from '../hooks/useAnalytics';
import { Chart } from './Chart';
import { DataTable } from './DataTable';

type Preset = '1' | '7' | '30' | '90' | 'custom';

interface RangeState {
  preset: Preset;
  fromDay: string;
  toDay: string;
  timeZone: string;
  /** The instant a preset was chosen, so the query key stays put until the user changes something. */
  anchor: number;
}

function rangeOf(state: RangeState): { from: string; to: string; timeZone: string } {
  if (state.preset === 'custom') {
    const toDay = localDay(state.timeZone, 1, Date.parse(startOfDayIn(state.toDay, state.timeZone)) + 12 * 3600_000);
    return { from: startOfDayIn(state.fromDay, state.timeZone), to: startOfDayIn(toDay, state.timeZone), timeZone: state.timeZone };
  }
  const to = Math.ceil(state.anchor / 60_000) * 60_000;
  return { from: new Date(to - Number(state.preset) * 86_400_000).toISOString(), to: new Date(to).toISOString(), timeZone: state.timeZone };
}

/** Dashboards: volume, response and resolution times, sentiment, intents and backlog, for a range and time zone, with CSV export. */
export function DashboardPage({ workspace }: { workspace: Workspace }) {
  const [state, setState] = useState<RangeState>(() => ({
    preset: '7', fromDay: localDay(workspace.timeZone, -6), toDay: localDay(workspace.timeZone), timeZone: workspace.timeZone, anchor: Date.now(),
  }));
  const range = useMemo(() => rangeOf(state), [state]);
  const query = useAnalytics(workspace.slug, range);
  const zones = useMemo(() => timeZoneChoices(workspace.timeZone), [workspace.timeZone]);
  const data = query.data;

  function handleExport() {
    if (data !== undefined) downloadText(`rapport-${workspace.slug}-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv`, analyticsCsv(data));
  }

  return (
    <main className="page dashboard" aria-busy={query.isFetching}>
      <header className="page-header">
        <h1>Dashboard</h1>
        <form className="dashboard-controls" onSubmit={(event) => event.preventDefault()} aria-label="Range and time zone">
          <label htmlFor="range-preset">Range</label>
          <select id="range-preset" value={state.preset} onChange={(event) => setState({ ...state, preset: event.target.value as Preset, anchor: Date.now() })}>
            <option value="1">Last 24 hours</option>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
            <option value="custom">Custom dates</option>
          </select>
          {state.preset === 'custom' && (
            <>
              <label htmlFor="range-from">From</label>
              <input id="range-from" type="date" value={state.fromDay} max={state.toDay} onChange={(event) => event.target.value !== '' && setState({ ...state, fromDay: event.target.value })} />
              <label htmlFor="range-to">To</label>
              <input id="range-to" type="date" value={state.toDay} min={state.fromDay} onChange={(event) => event.target.value !== '' && setState({ ...state, toDay: event.target.value })} />
            </>
          )}
          <label htmlFor="range-zone">Time zone</label>
          <select id="range-zone" value={state.timeZone} onChange={(event) => setState({ ...state, timeZone: event.target.value })}>
            {zones.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
          </select>
          <button type="button" className="button" onClick={() => setState({ ...state, anchor: Date.now() })}>Refresh</button>
          <button type="button" className="button primary" onClick={handleExport} disabled={data === undefined}>Export CSV</button>
        </form>
      </header>
      {query.isError && <p className="form-error banner" role="alert">{errorMessage(query.error)}</p>}
      {data === undefined ? <p className="muted" role="status">{query.isLoading ? 'Loading figures…' : ''}</p> : <DashboardBody data={data} />}
    </main>
  );
}

function DashboardBody({ data }: { data: Analytics }) {
  const options = useMemo(() => ({
    hour: volumeByHourOption(data), day: volumeByDayOption(data), firstResponse: distributionOption(data.firstResponse, '#0d9488'),
    resolution: distributionOption(data.resolution, '#2563eb'), sentiment: sentimentOption(data), intents: intentsOption(data), backlog: backlogOption(data),
  }), [data]);
  const { totals } = data;
  const backlogTotal = data.backlogByQueue.reduce((sum, queue) => sum + queue.open + queue.pending + queue.snoozed, 0);
  return (
    <>
      <section className="stats" aria-label="Totals">
        <Stat label="Inbound messages" value={totals.inboundMessages.toLocaleString()} />
        <Stat label="Conversations started" value={totals.conversations.toLocaleString()} />
        <Stat label="Resolved" value={totals.resolved.toLocaleString()} />
        <Stat label="Avg. first response" value={totals.firstResponseAvgSeconds === null ? '—' : formatDuration(totals.firstResponseAvgSeconds)} />
        <Stat label="Open backlog" value={backlogTotal.toLocaleString()} />
      </section>
      {totals.triageSampled && <p className="muted">Sentiment and intents are computed from the newest 50,000 messages of this range.</p>}
      <div className="charts">
        <Chart title="Volume by hour of day" option={options.hour} summary={`${totals.inboundMessages} inbound messages by channel and local hour`}
          table={<DataTable head={['Hour', 'Channel', 'Messages']} rows={data.volumeByChannelHour.map((row) => [String(row.hour).padStart(2, '0'), row.channel, row.count])} />} />
        <Chart title="Volume by day" option={options.day} summary="inbound messages by channel and day"
          table={<DataTable head={['Day', 'Channel', 'Messages']} rows={data.volumeByDay.map((row) => [row.day, row.channel, row.count])} />} />
        <Chart title="First response time" option={options.firstResponse} summary="conversations by time to first reply"
          table={<DataTable head={['Time to first reply', 'Conversations']} rows={data.firstResponse.map((bucket) => [bucket.label, bucket.count])} />} />
        <Chart title="Resolution time" option={options.resolution} summary="conversations by time to resolution"
          table={<DataTable head={['Time to resolve', 'Conversations']} rows={data.resolution.map((bucket) => [bucket.label, bucket.count])} />} />
        <Chart title="Sentiment over time" option={options.sentiment} summary="inbound messages per day by sentiment"
          table={<DataTable head={['Day', 'Negative', 'Neutral', 'Positive']} rows={data.sentimentByDay.map((day) => [day.day, day.negative, day.neutral, day.positive])} />} />
        <Chart title="Top intents" option={options.intents} summary="the most frequent reasons customers write"
          table={<DataTable head={['Intent', 'Messages']} rows={data.topIntents.map((intent) => [intent.intent, intent.count])} />} />
        <Chart title="Open backlog by queue" option={options.backlog} summary={`${backlogTotal} conversations waiting across queues`}
          table={<DataTable head={['Queue', 'Open', 'Pending', 'Snoozed']} rows={data.backlogByQueue.map((queue) => [queue.queueName, queue.open, queue.pending, queue.snoozed])} />} />
      </div>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={`stat-${label.toLowerCase().replaceAll(/[^a-z]+/g, '-')}`}>{value}</span>
    </div>
  );
}
