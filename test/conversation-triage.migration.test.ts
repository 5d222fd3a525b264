import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as core from '../server/infra/db/migrations/2026-11-23T0000-core.js';
import * as triage from '../server/infra/db/migrations/2026-11-23T0100-triage.js';
import * as listening from '../server/infra/db/migrations/2026-11-23T0200-listening.js';
import * as email from '../server/infra/db/migrations/2026-11-23T0300-email.js';
import * as contacts from '../server/infra/db/migrations/2026-11-23T0500-contacts.js';
import { openDatabase, type Db } from '../server/infra/db/database.js';
import { migrateToLatest } from '../server/infra/db/migrate.js';
import { createTestDatabase, testEngines, type TestDatabase } from './helpers/db.js';

/** Message metadata as triage stores it (the shape of StoredTriage, in its field order). */
function triaged(sentiment: 'negative' | 'neutral' | 'positive', score: number, intent: string, confidence: number, decided: boolean, personalData: Array<{ kind: string; start: number; end: number }> = []): string {
  return JSON.stringify({
    triage: {
      sentiment: { label: sentiment, score }, language: 'en', languageReliable: true, intent: { label: intent, confidence, decided },
      personalData, masked: personalData.length > 0, urgency: 0.2, influence: 0.1, spam: { score: 0.01, isSpam: false }, models: { intent: null, sentiment: null },
    },
    metrics: { likes: 3 },
  });
}

describe.each(testEngines)('the conversation triage migration on %s', (engine) => {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await database?.drop();
  });

  it('fills in the triage of each existing conversation\'s newest customer message', async () => {
    database = await createTestDatabase(engine);
    db = openDatabase(database.target);
    // The schema as it was before this migration (its history where migrateToLatest keeps it: the connection's schema).
    const schema = engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema : undefined;
    const before = new Migrator({
      db: db.kysely, migrationTableName: 'rapport_migrations', migrationLockTableName: 'rapport_migrations_lock', ...(schema === undefined ? {} : { migrationTableSchema: schema }),
      provider: { getMigrations: async () => ({ '2026-11-23T0000-core': core, '2026-11-23T0100-triage': triage, '2026-11-23T0200-listening': listening, '2026-11-23T0300-email': email, '2026-11-23T0500-contacts': contacts }) },
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();

    const raw = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const at = Date.UTC(2026, 10, 20, 10);
    await raw.insertInto('workspaces').values({ id: 'w1', slug: 'w1', name: 'W', time_zone: 'UTC', settings: '{}', created_at: at }).execute();
    await raw.insertInto('channel_accounts').values({ id: 'a1', workspace_id: 'w1', platform: 'x', handle: 'acme', name: 'Acme', health_status: 'ok', created_at: at, updated_at: at }).execute();
    await raw.insertInto('contacts').values({ id: 'k1', workspace_id: 'w1', custom_fields: '{}', created_at: at, updated_at: at }).execute();
    const conversation = (id: string) => ({
      id, workspace_id: 'w1', account_id: 'a1', contact_id: 'k1', platform: 'x', visibility: 'public', status: 'open', priority: 1, last_message_at: at, message_count: 1, created_at: at, updated_at: at,
    });
    await raw.insertInto('conversations').values(['c-newer', 'c-pii', 'c-plain', 'c-none', 'c-tie', 'c-unsure'].map(conversation)).execute();
    let seq = 0;
    const message = (conversationId: string, id: string, direction: 'inbound' | 'outbound', sentAt: number, metadata: string) => ({
      id, workspace_id: 'w1', conversation_id: conversationId, account_id: 'a1', platform: 'x', direction, visibility: 'public', platform_message_id: `pm-${++seq}`,
      text: 'text', attachments: '[]', sent_at: sentAt, received_at: sentAt, delivery_status: direction === 'inbound' ? 'received' : 'sent', metadata,
    });
    await raw.insertInto('messages').values([
      message('c-newer', 'm01', 'inbound', at + 2_000, triaged('positive', 0.97, 'praise', 0.91, true)),
      message('c-newer', 'm02', 'inbound', at + 1_000, triaged('negative', -0.8, 'refund', 0.88, true)),
      message('c-pii', 'm03', 'inbound', at, triaged('neutral', 0.01, 'question', 0.7, true, [{ kind: 'email', start: 3, end: 20 }])),
      message('c-pii', 'm04', 'outbound', at + 5_000, '{}'),
      message('c-plain', 'm05', 'inbound', at, '{}'),
      message('c-none', 'm06', 'outbound', at, '{}'),
      message('c-tie', 'm07', 'inbound', at, triaged('negative', -0.5, 'complaint', 0.8, true)),
      message('c-tie', 'm08', 'inbound', at, triaged('positive', 0.6, 'praise', 0.8, true)),
      message('c-unsure', 'm09', 'inbound', at, triaged('negative', -0.4, 'refund', 0.3, false)),
    ]).execute();

    await migrateToLatest(db);

    const rows = await db.kysely.selectFrom('conversations').select(['id', 'sentiment_label', 'sentiment_score', 'intent_label', 'intent_confidence', 'has_personal_data']).orderBy('id').execute();
    const byId = Object.fromEntries(rows.map(({ id, ...columns }) => [id, { ...columns, sentiment_score: columns.sentiment_score === null ? null : Number(columns.sentiment_score), has_personal_data: Number(columns.has_personal_data) }]));
    expect(byId).toEqual({
      'c-newer': { sentiment_label: 'positive', sentiment_score: 0.97, intent_label: 'praise', intent_confidence: 0.91, has_personal_data: 0 },
      'c-pii': { sentiment_label: 'neutral', sentiment_score: 0.01, intent_label: 'question', intent_confidence: 0.7, has_personal_data: 1 },
      'c-plain': { sentiment_label: null, sentiment_score: null, intent_label: null, intent_confidence: null, has_personal_data: 0 },
      'c-none': { sentiment_label: null, sentiment_score: null, intent_label: null, intent_confidence: null, has_personal_data: 0 },
      'c-tie': { sentiment_label: 'positive', sentiment_score: 0.6, intent_label: 'praise', intent_confidence: 0.8, has_personal_data: 0 },
      'c-unsure': { sentiment_label: 'negative', sentiment_score: -0.4, intent_label: null, intent_confidence: null, has_personal_data: 0 },
    });
  });
});
