import { createHash } from 'node:crypto';

/** The hash that starts every workspace's chain. */
export const genesisHash = '0'.repeat(64);

/** The fields of an audit entry that its hash covers. */
export interface HashedAuditFields {
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before: string | null;
  after: string | null;
  at: number;
  prev_hash: string;
}

/** SHA-256 over the entry's fields and its predecessor's hash, so any edit or removal breaks the chain. */
export function hashAuditEntry(entry: HashedAuditFields): string {
  const canonical = JSON.stringify([
    entry.workspace_id, entry.actor_type, entry.actor_id, entry.action, entry.object_type, entry.object_id,
    entry.before, entry.after, Number(entry.at), entry.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
