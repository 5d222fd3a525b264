import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Conversation-level triage, so the inbox can filter by it: the sentiment (label and signed score), the decided intent
 * (label and confidence; both null while the classifier was unsure) and whether personal data was found, all of the
 * conversation's newest inbound message (greatest `sent_at`, then greatest id: the message the inbox row's triage
 * summary shows). Ingest keeps them current in the transaction that stores the messages; this migration fills them in
 * for the conversations there are already.
 *
 * Indexes, ordered like the default list (newest first) so a filter walks its rows in order instead of sorting them all:
 * - the intent (a dozen or more labels, some rare), followed by status and sentiment, so combined filters skip the rows
 *   that do not match inside the index rather than reading each one from the table;
 * - personal data, partial: only the flagged conversations, which are few.
 * Sentiment has three labels, each a large share of conversations: a list filtered by it walks the recency and status
 * indexes and skips the others (under a millisecond on 200,000 conversations), so an index of its own would not be
 * used, yet ingest would pay for it on every message (its key would hold last_message_at).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('conversations').addColumn('sentiment_label', 'text').execute();
  await s.alterTable('conversations').addColumn('sentiment_score', 'double precision').execute();
  await s.alterTable('conversations').addColumn('intent_label', 'text').execute();
  await s.alterTable('conversations').addColumn('intent_confidence', 'double precision').execute();
  await s.alterTable('conversations').addColumn('has_personal_data', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await (dialectOf(db) === 'postgres' ? backfillPostgres(db) : backfillSqlite(db));

  await s.createIndex('conversations_intent').on('conversations').columns(['workspace_id', 'intent_label', 'last_message_at', 'id', 'status', 'sentiment_label']).execute();
  await s.createIndex('conversations_personal_data').on('conversations').columns(['workspace_id', 'last_message_at', 'id', 'status'])
    .where(sql.ref('has_personal_data'), '=', 1).execute();
}

/** One pass over the newest inbound message of each conversation (through the messages_conversation index). */
async function backfillSqlite(db: Kysely<unknown>): Promise<void> {
  const newest = (expression: string) => sql.raw(`select ${expression} from messages m
    where m.conversation_id = conversations.id and m.direction = 'inbound' order by m.sent_at desc, m.id desc limit 1`);
  await sql`update conversations set (sentiment_label, sentiment_score, intent_label, intent_confidence, has_personal_data) = (${newest(`
      json_extract(m.metadata, '$.triage.sentiment.label'),
      json_extract(m.metadata, '$.triage.sentiment.score'),
      case when json_extract(m.metadata, '$.triage.intent.decided') then json_extract(m.metadata, '$.triage.intent.label') end,
      case when json_extract(m.metadata, '$.triage.intent.decided') then json_extract(m.metadata, '$.triage.intent.confidence') end,
      coalesce(json_array_length(m.metadata, '$.triage.personalData') > 0, 0)`)})
    where exists (select 1 from messages m where m.conversation_id = conversations.id and m.direction = 'inbound')`.execute(db);
}

async function backfillPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`with newest as (
      select distinct on (conversation_id) conversation_id, metadata::jsonb -> 'triage' as triage
      from messages where direction = 'inbound' order by conversation_id, sent_at desc, id desc
    )
    update conversations c set
      sentiment_label = n.triage #>> '{sentiment,label}',
      sentiment_score = (n.triage #>> '{sentiment,score}')::double precision,
      intent_label = case when n.triage #>> '{intent,decided}' = 'true' then n.triage #>> '{intent,label}' end,
      intent_confidence = case when n.triage #>> '{intent,decided}' = 'true' then (n.triage #>> '{intent,confidence}')::double precision end,
      has_personal_data = case when jsonb_typeof(n.triage -> 'personalData') = 'array' and jsonb_array_length(n.triage -> 'personalData') > 0 then 1 else 0 end
    from newest n
    where n.conversation_id = c.id and n.triage is not null`.execute(db);
}
