import type { CallDisposition, MessageDirection } from '../../../common/enums.js';
import type { CallRow } from '../../infra/db/schema.js';
import type { CallView } from './call.schemas.js';

const iso = (value: number): string => new Date(Number(value)).toISOString();

/** The API view of an entry of the call log. */
export function presentCall(row: CallRow): CallView {
  return {
    messageId: row.message_id,
    callId: row.call_id,
    accountId: row.account_id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    direction: row.direction as MessageDirection,
    callerNumber: row.caller_number,
    agentId: row.agent_user_id,
    startedAt: iso(row.started_at),
    durationSeconds: Number(row.duration_seconds),
    disposition: row.disposition as CallDisposition,
    notes: row.notes,
    recordingUrl: row.recording_url,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
