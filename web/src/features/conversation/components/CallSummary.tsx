import type { CallDetails } from '../../../api/types';
import { humanize } from '../../../lib/format';
import { SafeText, safeHttpUrl } from '../../../lib/SafeText';

/** A call's length as a phone log shows it: 0:45, 12:03, 1:02:09. */
export function callDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/**
 * A recorded phone call in the thread, the way a phone log shows it: direction, outcome, length, number and agent, the
 * agent's notes (as text), and a link to the recording (http(s) only, opened without access to this page).
 */
export function CallSummary({ call, agentName }: { call: CallDetails; agentName: string | null }) {
  const recording = call.recordingUrl === null ? undefined : safeHttpUrl(call.recordingUrl);
  return (
    <div className={`call call-${call.disposition}`} data-testid="call">
      <p className="call-line">
        <span className="call-icon" aria-hidden="true">☎</span>
        <strong>{call.direction === 'inbound' ? 'Inbound call' : 'Outbound call'}</strong>
        <span className="call-disposition" data-testid="call-disposition">{humanize(call.disposition)}</span>
        <span className="call-duration" title="Duration" data-testid="call-duration">{callDuration(call.durationSeconds)}</span>
      </p>
      <dl className="call-facts">
        <div><dt>{call.direction === 'inbound' ? 'From' : 'To'}</dt><dd>{call.callerNumber}</dd></div>
        <div><dt>Agent</dt><dd data-testid="call-agent">{agentName ?? <span className="muted">none</span>}</dd></div>
      </dl>
      {call.notes !== null && <p className="call-notes" data-testid="call-notes"><SafeText text={call.notes} /></p>}
      {recording !== undefined && <p className="call-recording"><a href={recording} target="_blank" rel="noopener noreferrer">Listen to the recording</a></p>}
    </div>
  );
}
