import { humanize } from '../../../lib/format';
import { sentimentNames, type InboxFilter } from '../inbox-filter';

/** The sentiment and intent filters in force, one chip per value, each removing its value. */
export function TriageFilterChips({ filter, onChange }: { filter: InboxFilter; onChange: (filter: InboxFilter) => void }) {
  const chips = [
    ...filter.sentiment.map((label) => ({
      key: `sentiment:${label}`, text: `${sentimentNames[label]} sentiment`, className: `chip sentiment-${label}`,
      remove: () => onChange({ ...filter, sentiment: filter.sentiment.filter((other) => other !== label) }),
    })),
    ...filter.intent.map((intent) => ({
      key: `intent:${intent}`, text: `Intent: ${humanize(intent)}`, className: 'chip intent',
      remove: () => onChange({ ...filter, intent: filter.intent.filter((other) => other !== intent) }),
    })),
  ];
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label="Triage filters">
      {chips.map((chip) => (
        <li key={chip.key} className={chip.className} data-filter={chip.key}>
          {chip.text}
          <button type="button" className="chip-remove" aria-label={`Remove filter ${chip.text}`} onClick={chip.remove}>×</button>
        </li>
      ))}
    </ul>
  );
}
