import type { Executor } from '../../app-context.js';
import type { LabelledExample } from './training.service.js';

/**
 * Labelled examples from a workspace's own history: the first inbound message of each conversation that sits in a
 * queue, labelled with the queue's slug (where agents moved it), newest conversations first.
 */
export async function queueLabelledExamples(db: Executor, workspaceId: string, limit: number): Promise<LabelledExample[]> {
  const rows = await db.selectFrom('conversations as c')
    .innerJoin('queues as q', 'q.id', 'c.queue_id')
    .innerJoin('messages as m', 'm.conversation_id', 'c.id')
    .select(['c.id as conversationId', 'q.slug as label', 'm.text as text'])
    .where('c.workspace_id', '=', workspaceId)
    .where('m.direction', '=', 'inbound')
    .where('m.sent_at', '=', (eb) => eb.selectFrom('messages as first')
      .select((inner) => inner.fn.min('first.sent_at').as('sent_at'))
      .whereRef('first.conversation_id', '=', 'c.id').where('first.direction', '=', 'inbound'))
    .orderBy('c.last_message_at', 'desc')
    .limit(limit)
    .execute();
  const seen = new Set<string>();
  const examples: LabelledExample[] = [];
  for (const row of rows) {
    if (seen.has(row.conversationId) || row.text.trim() === '') continue;
    seen.add(row.conversationId);
    examples.push({ text: row.text, label: row.label });
  }
  return examples;
}
