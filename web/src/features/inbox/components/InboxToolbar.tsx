import { useEffect, useState, type FormEvent, type Ref } from 'react';
import { platforms, priorities, sentimentLabels, type ConversationStatus, type Platform, type Priority } from '../../../../../common/enums.js';
import type { ConversationCounts, Member, Queue, SliceCount } from '../../../api/types';
import { channelName, humanize } from '../../../lib/format';
import { sentimentNames, type InboxFilter, type InboxSort, type InboxView } from '../inbox-filter';
import '../inbox.css';
import { TriageFilterChips } from './TriageFilterChips';

const statusChoices: Array<{ value: string; label: string; statuses: ConversationStatus[] }> = [
  { value: 'open,pending', label: 'Open & pending', statuses: ['open', 'pending'] },
  { value: 'open', label: 'Open', statuses: ['open'] },
  { value: 'pending', label: 'Pending', statuses: ['pending'] },
  { value: 'snoozed', label: 'Snoozed', statuses: ['snoozed'] },
  { value: 'resolved', label: 'Resolved', statuses: ['resolved'] },
  { value: '', label: 'Any status', statuses: [] },
];

const viewLabels: Record<Exclude<InboxView, 'queue'>, string> = { mine: 'Mine', unassigned: 'Unassigned', all: 'All' };

const sentimentChoices: Array<{ value: string; label: string }> = [
  { value: '', label: 'Any sentiment' },
  { value: 'negative', label: 'Negative' },
  { value: 'negative,neutral', label: 'Negative & neutral' },
  { value: 'neutral', label: 'Neutral' },
  { value: 'positive', label: 'Positive' },
];

/** The options of a select, with the current value added when it is a combination none of them offers (from a link or a saved filter). */
function withCurrent(options: Array<{ value: string; label: string }>, value: string, label: () => string): Array<{ value: string; label: string }> {
  return options.some((option) => option.value === value) ? options : [...options, { value, label: label() }];
}

/** Views, search, filters and order of the inbox. */
export function InboxToolbar({ filter, members, queues, intents, counts, searchRef, onChange }: {
  filter: InboxFilter;
  members: Member[];
  queues: Queue[];
  /** The intents to offer as a filter. */
  intents: readonly string[];
  /** The server's counts per view, within the status, channel, priority, tag, sentiment and intent filters. */
  counts: ConversationCounts | undefined;
  searchRef: Ref<HTMLInputElement>;
  onChange: (filter: InboxFilter) => void;
}) {
  const [query, setQuery] = useState(filter.q ?? '');
  useEffect(() => setQuery(filter.q ?? ''), [filter.q]);

  function handleSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...filter, q: query.trim() === '' ? null : query.trim() });
  }

  function handleView(view: InboxView, queueId: string | null = null) {
    onChange({ ...filter, view, queueId, assigneeId: null });
  }

  const statusValue = filter.status.join(',');
  const sentimentValue = filter.sentiment.join(',');
  const intentValue = filter.intent.join(',');
  return (
    <div className="toolbar">
      <div className="views" role="group" aria-label="Views">
        {(['mine', 'unassigned', 'all'] as const).map((view) => (
          <button key={view} type="button" className="view-tab" aria-pressed={filter.view === view} onClick={() => handleView(view)} data-view={view}>
            {viewLabels[view]}<ViewCount count={counts?.[view]} />
          </button>
        ))}
        <label className="visually-hidden" htmlFor="filter-queue">Queue view</label>
        <select id="filter-queue" className={`view-select${filter.view === 'queue' ? ' active' : ''}`} value={filter.view === 'queue' ? filter.queueId ?? '' : ''}
          onChange={(event) => (event.target.value === '' ? handleView('all') : handleView('queue', event.target.value))}>
          <option value="">By queue…</option>
          {queues.map((queue) => {
            const count = counts?.queues.find((candidate) => candidate.queueId === queue.id);
            return <option key={queue.id} value={queue.id}>{queue.name}{count === undefined ? '' : ` (${count.total}${count.unread > 0 ? `, ${count.unread} unread` : ''})`}</option>;
          })}
        </select>
      </div>
      <form role="search" className="search" onSubmit={handleSearch}>
        <label htmlFor="inbox-search" className="visually-hidden">Search conversations</label>
        <input id="inbox-search" ref={searchRef} type="search" placeholder="Search messages  ( / )" value={query} onChange={(event) => setQuery(event.target.value)}
          onBlur={() => { if ((filter.q ?? '') !== query.trim()) onChange({ ...filter, q: query.trim() === '' ? null : query.trim() }); }} />
      </form>
      <div className="filters">
        <FilterSelect id="filter-status" label="Status" value={statusValue} onChange={(value) => onChange({ ...filter, status: statusChoices.find((choice) => choice.value === value)?.statuses ?? [] })}
          options={statusChoices.map((choice) => ({ value: choice.value, label: choice.label }))} />
        <FilterSelect id="filter-channel" label="Channel" value={filter.channel.join(',')} onChange={(value) => onChange({ ...filter, channel: value === '' ? [] : [value as Platform] })}
          options={[{ value: '', label: 'All channels' }, ...platforms.map((platform) => ({ value: platform, label: channelName(platform) }))]} />
        <FilterSelect id="filter-priority" label="Priority" value={filter.priority.join(',')} onChange={(value) => onChange({ ...filter, priority: value === '' ? [] : (value.split(',') as Priority[]) })}
          options={[{ value: '', label: 'Any priority' }, { value: 'high,urgent', label: 'High & urgent' }, ...[...priorities].reverse().map((priority) => ({ value: priority, label: priority[0]?.toUpperCase() + priority.slice(1) }))]} />
        <FilterSelect id="filter-sentiment" label="Sentiment" value={sentimentValue}
          onChange={(value) => onChange({ ...filter, sentiment: sentimentLabels.filter((label) => value.split(',').includes(label)) })}
          options={withCurrent(sentimentChoices, sentimentValue, () => filter.sentiment.map((label) => sentimentNames[label]).join(' & '))} />
        <FilterSelect id="filter-intent" label="Intent" value={intentValue} onChange={(value) => onChange({ ...filter, intent: value === '' ? [] : value.split(',') })}
          options={withCurrent([{ value: '', label: 'Any intent' }, ...intents.map((intent) => ({ value: intent, label: humanize(intent) }))], intentValue, () => filter.intent.map(humanize).join(' or '))} />
        {filter.view === 'all' && (
          <FilterSelect id="filter-assignee" label="Assignee" value={filter.assigneeId ?? ''} onChange={(value) => onChange({ ...filter, assigneeId: value === '' ? null : value })}
            options={[{ value: '', label: 'Anyone' }, ...members.map((member) => ({ value: member.id, label: member.name }))]} />
        )}
        <label className="visually-hidden" htmlFor="filter-tag">Tag filter</label>
        <input id="filter-tag" className="tag-filter" placeholder="Tag" defaultValue={filter.tag ?? ''} key={filter.tag ?? ''}
          onKeyDown={(event) => { if (event.key === 'Enter') onChange({ ...filter, tag: event.currentTarget.value.trim() || null }); }}
          onBlur={(event) => { if ((filter.tag ?? '') !== event.target.value.trim()) onChange({ ...filter, tag: event.target.value.trim() || null }); }} />
        <FilterSelect id="filter-sort" label="Order" value={filter.sort} onChange={(value) => onChange({ ...filter, sort: value as InboxSort })}
          options={[{ value: 'priority', label: 'Priority' }, { value: 'waiting', label: 'Longest waiting' }, { value: 'newest', label: 'Newest' }]} />
      </div>
      <TriageFilterChips filter={filter} onChange={onChange} />
    </div>
  );
}

/** A view's size, with its unread conversations emphasised; spoken as words. */
function ViewCount({ count }: { count: SliceCount | undefined }) {
  if (count === undefined) return null;
  return (
    <span className="view-count">
      <span className="visually-hidden">: {count.total} conversations, {count.unread} unread</span>
      <span aria-hidden="true">{count.total.toLocaleString()}</span>
      {count.unread > 0 && <span className="view-unread" aria-hidden="true" title={`${count.unread} unread`}>{count.unread.toLocaleString()}</span>}
    </span>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: Array<{ value: string; label: string }>; onChange: (value: string) => void }) {
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>{label} filter</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </>
  );
}
