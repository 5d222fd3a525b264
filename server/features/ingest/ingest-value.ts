import type { Executor } from '../../app-context.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import type { BatchState } from './ingest-batch.js';
import { keyChunks } from './ingest-lookups.js';

/** What a workspace's customer-value rule found on a contact: the level, and the field and value that gave it. */
export interface CustomerValueFinding {
  level: string;
  field: string;
  value: string | number | boolean;
}

/** A workspace's customer-value rule as ingest uses it (compiled by triage; see triage/customer-value.ts). */
export interface CustomerValueRule {
  /** The contact's value by its custom fields as stored (JSON text), or undefined. */
  assess(customFields: string): CustomerValueFinding | undefined;
  /** The priority a message reaches given its customer's value and what triage made of its text. */
  priority(value: CustomerValueFinding, contentPriority: number | undefined): number;
}

/** Where ingest finds each workspace's rule: a cache kept in memory (no query per batch, let alone per message). */
export interface CustomerValueSource {
  ruleFor(workspaceId: string): CustomerValueRule | undefined;
}

/**
 * The value of the contacts who wrote the batch's new inbound messages, by contact id: one query per batch (per 512
 * contacts) of the custom fields of contacts that existed before it, and only for a workspace that has a rule. A
 * contact created by this batch has no custom fields yet.
 */
export async function loadCustomerValues(trx: Executor, state: BatchState, rule: CustomerValueRule): Promise<Map<string, CustomerValueFinding>> {
  const created = new Set(state.newContacts.map((contact) => contact.id));
  const ids = new Set<string>();
  for (const { message } of state.enrichable) {
    const id = message.author_contact_id;
    if (id !== null && !created.has(id)) ids.add(id);
  }
  const values = new Map<string, CustomerValueFinding>();
  for (const part of keyChunks([...ids])) {
    const rows = await trx.selectFrom('contacts').select(['id', 'custom_fields']).where('id', 'in', part).execute();
    for (const row of rows) {
      const value = rule.assess(row.custom_fields);
      if (value !== undefined) values.set(row.id, value);
    }
  }
  return values;
}

/**
 * Raises the priority of messages from valuable customers (never of spam) and records why on each message, under
 * `metadata.customerValue` (the triage view shows it). Returns the conversations whose priority rose.
 */
export function applyCustomerValue(state: BatchState, rule: CustomerValueRule, values: ReadonlyMap<string, CustomerValueFinding>): ConversationRow[] {
  const raised: ConversationRow[] = [];
  if (values.size === 0) return raised;
  for (const { index, message, conversation, known } of state.enrichable) {
    const value = message.author_contact_id === null ? undefined : values.get(message.author_contact_id);
    if (value === undefined) continue;
    message.metadata = known.metadata = withField(message.metadata, 'customerValue', value);
    const enrichment = state.enrichments[index];
    if (enrichment?.spam === true) continue;
    const priority = rule.priority(value, enrichment?.priority);
    if (priority > conversation.priority) {
      conversation.priority = priority;
      raised.push(conversation);
    }
  }
  return raised;
}

/** A JSON object text with one more field. */
export function withField(objectText: string, key: string, value: unknown): string {
  const field = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return objectText === '{}' ? `{${field}}` : `${objectText.slice(0, -1)},${field}}`;
}
