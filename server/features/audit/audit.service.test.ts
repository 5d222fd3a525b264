import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../infra/db/database.js';
import { openTestDb, testEngines } from '../../../test/helpers/db.js';
import { recordAudit, verifyAuditChains } from './audit.service.js';

const actor = { type: 'user' as const, id: 'u1' };

async function write(db: Db, workspaceId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.kysely.transaction().execute((trx) => recordAudit(trx, {
      actor, workspaceId, action: 'conversation.status_changed', objectType: 'conversation', objectId: `c${i}`,
      before: { status: 'open' }, after: { status: 'resolved' }, at: 1_700_000_000_000 + i,
    }));
  }
}

describe.each(testEngines)('audit chain on %s', (engine) => {
  let db: Db;
  afterEach(async () => db.close());

  it('verifies an untouched chain per workspace', async () => {
    db = await openTestDb(engine);
    await write(db, 'w1', 5);
    await write(db, 'w2', 2);
    expect(await verifyAuditChains(db)).toEqual([
      { workspaceId: 'w1', entries: 5, ok: true },
      { workspaceId: 'w2', entries: 2, ok: true },
    ]);
  });

  it('detects an edited entry and names it', async () => {
    db = await openTestDb(engine);
    await write(db, 'w1', 4);
    const third = await db.kysely.selectFrom('audit_entries').select('seq').orderBy('seq').offset(2).limit(1).executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_entries').set({ after: '{"status":"open"}' }).where('seq', '=', third.seq).execute();
    const [result] = await verifyAuditChains(db);
    expect(result).toMatchObject({ ok: false, problem: { seq: third.seq, reason: 'this entry was edited' } });
  });

  it('detects a removed entry in the middle and at the end', async () => {
    db = await openTestDb(engine);
    await write(db, 'w1', 4);
    const rows = await db.kysely.selectFrom('audit_entries').select('seq').orderBy('seq').execute();
    await db.kysely.deleteFrom('audit_entries').where('seq', '=', rows[1]?.seq ?? 0).execute();
    expect((await verifyAuditChains(db))[0]).toMatchObject({ ok: false, problem: { seq: rows[2]?.seq } });

    const fresh = await openTestDb(engine);
    await write(fresh, 'w1', 3);
    await sql`delete from audit_entries where seq = (select max(seq) from audit_entries)`.execute(fresh.kysely);
    expect((await verifyAuditChains(fresh))[0]?.ok).toBe(false);
    await fresh.close();
  });
});
