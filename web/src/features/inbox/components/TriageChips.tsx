import type { ConversationSummary } from '../../../api/types';
import { humanize } from '../../../lib/format';

const personalDataNames: Record<string, string> = { card: 'card number', bank_account: 'bank account', phone: 'phone number', email: 'email address', national_id: 'national ID' };

/** Sentiment, intent and personal-data chips: words first, colour only as a second cue. */
export function TriageChips({ triage }: { triage: ConversationSummary['triage'] }) {
  if (triage === null) return null;
  return (
    <>
      {triage.sentiment !== 'neutral' && <span className={`chip sentiment-${triage.sentiment}`}>{triage.sentiment === 'negative' ? 'Negative' : 'Positive'}</span>}
      {triage.intent !== null && <span className="chip intent">{humanize(triage.intent)}</span>}
      {triage.personalData.length > 0 && (
        <span className="chip personal-data" title={`Personal data: ${triage.personalData.map((kind) => personalDataNames[kind] ?? kind).join(', ')}`}>
          Personal data
        </span>
      )}
    </>
  );
}
