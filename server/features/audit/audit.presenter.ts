import type { AuditEntryRow } from '../../infra/db/schema.js';
import type { AuditEntryView } from './audit.schemas.js';

/** The API view of an audit entry, its before/after states parsed. */
export function presentAuditEntry(row: AuditEntryRow): AuditEntryView {
  return {
    seq: Number(row.seq), actorType: row.actor_type, actorId: row.actor_id, action: row.action, objectType: row.object_type, objectId: row.object_id,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown), after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    at: new Date(Number(row.at)).toISOString(), hash: row.hash, prevHash: row.prev_hash,
  };
}
