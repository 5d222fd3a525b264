import { sql } from 'kysely';
import type { Executor } from '../../app-context.js';
import type { Db } from '../../infra/db/database.js';
import { dialectOf } from '../../infra/db/dialect.js';
import type { Actor } from '../auth/actor.js';
import { genesisHash, hashAuditEntry } from './audit-hash.js';

/** One change of state to record. */
export interface AuditInput {
  actor: Pick<Actor, 'type' | 'id'>;
  workspaceId: string;
  /** `resource.verb`, e.g. `conversation.assigned`. */
  action: string;
  objectType: string;
  objectId: string | null;
  before?: unknown;
  after?: unknown;
  at: number;
}

/** Appends an entry to the workspace's hash chain; call inside the transaction that makes the change. */
export async function recordAudit(trx: Executor, input: AuditInput): Promise<void> {
  // Taking the head row for update serialises writers of one workspace on PostgreSQL; SQLite has one writer anyway.
  await trx.insertInto('audit_heads').values({ workspace_id: input.workspaceId, seq: 0, hash: genesisHash })
    .onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
  let headQuery = trx.selectFrom('audit_heads').select(['hash']).where('workspace_id', '=', input.workspaceId);
  if (dialectOf(trx) === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const fields = {
    workspace_id: input.workspaceId,
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    action: input.action,
    object_type: input.objectType,
    object_id: input.objectId,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
    at: input.at,
    prev_hash: head.hash,
  };
  const hash = hashAuditEntry(fields);
  const inserted = await trx.insertInto('audit_entries').values({ ...fields, hash }).returning('seq').executeTakeFirstOrThrow();
  await trx.updateTable('audit_heads').set({ seq: inserted.seq, hash }).where('workspace_id', '=', input.workspaceId).execute();
}

/** What verification found for one workspace's chain. */
export interface AuditVerification {
  workspaceId: string;
  entries: number;
  ok: boolean;
  /** The first entry at fault and why, when not ok. */
  problem?: { seq: number | null; reason: string };
}

/** Recomputes every workspace's chain; an edited, inserted or removed entry is reported with where it broke. */
export async function verifyAuditChains(db: Db): Promise<AuditVerification[]> {
  const heads = await db.kysely.selectFrom('audit_heads').selectAll().orderBy('workspace_id').execute();
  const results: AuditVerification[] = [];
  for (const head of heads) results.push(await verifyChain(db, head));
  return results;
}

async function verifyChain(db: Db, head: { workspace_id: string; seq: number; hash: string }): Promise<AuditVerification> {
  const workspaceId = head.workspace_id;
  let previous = genesisHash;
  let lastSeq = 0;
  let entries = 0;
  const pageSize = 5_000;
  for (;;) {
    const page = await db.kysely.selectFrom('audit_entries').selectAll()
      .where('workspace_id', '=', workspaceId).where('seq', '>', lastSeq).orderBy('seq').limit(pageSize).execute();
    for (const entry of page) {
      entries += 1;
      if (entry.prev_hash !== previous) return broken(workspaceId, entries, entry.seq, 'an entry before this one was removed or altered');
      if (hashAuditEntry(entry) !== entry.hash) return broken(workspaceId, entries, entry.seq, 'this entry was edited');
      previous = entry.hash;
      lastSeq = Number(entry.seq);
    }
    if (page.length < pageSize) break;
  }
  if (previous !== head.hash || lastSeq !== Number(head.seq)) {
    return broken(workspaceId, entries, null, `the newest entries were removed (chain ends at ${lastSeq}, head says ${head.seq})`);
  }
  return { workspaceId, entries, ok: true };
}

function broken(workspaceId: string, entries: number, seq: number | null, reason: string): AuditVerification {
  return { workspaceId, entries, ok: false, problem: { seq, reason } };
}

/** Lists a workspace's audit entries, newest first, for the audit API. */
export async function listAuditEntries(db: Executor, workspaceId: string, options: { beforeSeq?: number; limit: number }) {
  let query = db.selectFrom('audit_entries').selectAll().where('workspace_id', '=', workspaceId);
  if (options.beforeSeq !== undefined) query = query.where('seq', '<', options.beforeSeq);
  return query.orderBy('seq', 'desc').limit(options.limit).execute();
}

/** Counts entries per workspace (used by health checks and tests). */
export async function countAuditEntries(db: Executor, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('audit_entries').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}
