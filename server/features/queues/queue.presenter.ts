import type { QueueRow } from '../../infra/db/schema.js';
import type { QueueView } from './queue.schemas.js';

/** The API view of a queue and its members. */
export function presentQueue(row: QueueRow, memberIds: readonly string[]): QueueView {
  return { id: row.id, slug: row.slug, name: row.name, memberIds: [...memberIds], createdAt: new Date(Number(row.created_at)).toISOString() };
}
