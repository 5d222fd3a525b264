import type { CallDisposition, MessageDirection } from '../../../common/enums.js';

/** A call as its message's metadata (`{"call":{…}}`) keeps it; the call log has the same in columns. */
export interface CallDetails {
  direction: MessageDirection;
  /** The customer's number, E.164. */
  callerNumber: string;
  /** The Rapport user on the call. */
  agentId: string | null;
  startedAt: number;
  durationSeconds: number;
  disposition: CallDisposition;
  notes: string | null;
  recordingUrl: string | null;
}

/** The details in a fixed key order, so that two versions of a call compare as text. */
export function orderedCallDetails(details: CallDetails): CallDetails {
  const { direction, callerNumber, agentId, startedAt, durationSeconds, disposition, notes, recordingUrl } = details;
  return { direction, callerNumber, agentId, startedAt, durationSeconds, disposition, notes, recordingUrl };
}

/** The call a message's metadata records, or undefined for a written message. */
export function callDetailsOf(metadata: string): CallDetails | undefined {
  // Cheap check first: most messages are not calls, and metadata can be large.
  if (!metadata.includes('"call"')) return undefined;
  const call = (JSON.parse(metadata) as { call?: unknown }).call;
  if (typeof call !== 'object' || call === null) return undefined;
  const details = call as Partial<CallDetails>;
  if (typeof details.startedAt !== 'number' || typeof details.disposition !== 'string' || typeof details.callerNumber !== 'string') return undefined;
  return details as CallDetails;
}

/** The API view of a call's details (what the message of a call carries). */
export function presentCallDetails(details: CallDetails): Omit<CallDetails, 'startedAt'> & { startedAt: string } {
  return { ...orderedCallDetails(details), startedAt: new Date(Number(details.startedAt)).toISOString() };
}

/** The text a call shows and is found by: the agent's notes, or what happened when there are none ("Missed inbound call"). */
export function callText(details: Pick<CallDetails, 'notes' | 'disposition' | 'direction'>): string {
  if (details.notes !== null) return details.notes;
  const what: Record<CallDisposition, string> = {
    answered: 'Answered', missed: 'Missed', voicemail: 'Voicemail on', abandoned: 'Abandoned', callback: 'Callback requested on', busy: 'Busy', failed: 'Failed',
  };
  return `${what[details.disposition]} ${details.direction} call`;
}
