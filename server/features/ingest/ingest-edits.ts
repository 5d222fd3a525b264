import type { InboundEvent, InboundMessageEvent } from '../../../common/inbound.js';
import type { MessageRow } from '../../infra/db/schema.js';
import { accountOf, type BatchState } from './ingest-batch.js';
import { messageKey } from './ingest-lookups.js';
import type { Enrichment } from './ingest-messages.js';

/** An edit event. */
type InboundEditEvent = Extract<InboundEvent, { kind: 'edit' }>;

/** Enriches messages as a new inbound message would be (triage: personal data masked, the original sealed). */
export type EditEnricher = (messages: readonly InboundMessageEvent[]) => Promise<Array<Enrichment | undefined>>;

/** A message's metadata fields that an edit reads or rewrites. */
interface EditableMetadata {
  triage?: { influence?: number } & Record<string, unknown>;
  sealedOriginal?: string;
  edits?: Array<{ text: string; replacedAt: number; sealedOriginal?: string }>;
  [key: string]: unknown;
}

/**
 * Enriches the new text of every edit of a known inbound message exactly as a new message's text: personal data is
 * detected and masked by the message's visibility, and the original sealed. By event index; edits of outbound
 * messages, of unknown messages, and everything when there is no enricher, get nothing.
 */
export async function enrichEdits(state: BatchState, events: readonly InboundEvent[], enrich: EditEnricher | undefined): Promise<Map<number, Enrichment>> {
  const found = new Map<number, Enrichment>();
  if (enrich === undefined) return found;
  const indexes: number[] = [];
  const subjects: InboundMessageEvent[] = [];
  events.forEach((event, index) => {
    if (event.kind !== 'edit') return;
    const account = accountOf(state, event);
    const known = account === undefined ? undefined : state.known.get(messageKey(account.id, event.platformMessageId));
    if (known === undefined || known.direction !== 'inbound') return;
    indexes.push(index);
    subjects.push({
      kind: 'message', channel: event.channel, account: event.account, platformMessageId: event.platformMessageId,
      visibility: known.visibility === 'private' ? 'private' : 'public', direction: 'inbound', author: { platformUserId: '' },
      text: event.text, attachments: [], sentAt: event.editedAt,
    });
  });
  if (subjects.length === 0) return found;
  const results = await enrich(subjects);
  indexes.forEach((eventIndex, position) => {
    const result = results[position];
    if (result !== undefined) found.set(eventIndex, result);
  });
  return found;
}

/**
 * What an edit changes on a stored message, or undefined when it changes nothing (the same text, or an edit older than
 * the one shown: a platform's redelivery or late arrival). The text it replaces goes to `metadata.edits` with its
 * sealed original, so what a customer wrote is never lost; the new text is stored masked, with its own triage and
 * sealed original, as a new message's would be. The author's influence is kept: it does not depend on the text.
 */
export function editMessage(current: { text: string; metadata: string }, event: InboundEditEvent, enrichment: Enrichment | undefined): Pick<MessageRow, 'text' | 'edited_at' | 'metadata'> | undefined {
  if (event.text === current.text) return undefined;
  const metadata = JSON.parse(current.metadata) as EditableMetadata;
  const history = metadata.edits ?? [];
  const last = history.at(-1);
  const text = enrichment?.text ?? event.text;
  if (last !== undefined && (event.editedAt < last.replacedAt || (event.editedAt === last.replacedAt && text === current.text))) return undefined;
  const replaced = metadata.sealedOriginal === undefined ? { text: current.text, replacedAt: event.editedAt } : { text: current.text, replacedAt: event.editedAt, sealedOriginal: metadata.sealedOriginal };
  metadata.edits = [...history, replaced];
  const fresh = enrichment?.metadata === undefined ? {} : JSON.parse(enrichment.metadata) as EditableMetadata;
  const influence = metadata.triage?.influence;
  delete metadata.triage;
  delete metadata.sealedOriginal;
  if (fresh.triage !== undefined) metadata.triage = influence === undefined ? fresh.triage : { ...fresh.triage, influence };
  if (fresh.sealedOriginal !== undefined) metadata.sealedOriginal = fresh.sealedOriginal;
  return { text, edited_at: event.editedAt, metadata: JSON.stringify(metadata) };
}
