import type { InboundEvent, InboundMessageEvent } from '../../../common/inbound.js';
import type { Logger } from '../../infra/logger.js';
import type { Enricher, Enrichment } from './ingest-messages.js';

/** The enrichment of one receipt's events, started as soon as the events are known and ready before its batch is written. */
export interface PendingEnrichment {
  /** By event index once computed (undefined entries: nothing to add); undefined while it is being computed. */
  results: ReadonlyArray<Enrichment | undefined> | undefined;
  /** Settles when `results` is set; never rejects. */
  done: Promise<void>;
}

const nothingToAdd: PendingEnrichment = { results: [], done: Promise.resolve() };

/** Starts enriching a receipt's inbound messages (other threads may do it while the write thread works on earlier batches). */
export function startEnrichment(enricher: Enricher | undefined, workspaceId: string, events: readonly InboundEvent[], logger: Logger): PendingEnrichment {
  if (enricher === undefined) return nothingToAdd;
  const indexes: number[] = [];
  const messages: InboundMessageEvent[] = [];
  events.forEach((event, index) => {
    if (event.kind !== 'message' || event.direction !== 'inbound') return;
    indexes.push(index);
    messages.push(event);
  });
  if (messages.length === 0) return nothingToAdd;
  const pending: PendingEnrichment = { results: undefined, done: Promise.resolve() };
  pending.done = enricher.enrich(workspaceId, messages).then((computed) => {
    const results = new Array<Enrichment | undefined>(events.length);
    indexes.forEach((eventIndex, position) => {
      results[eventIndex] = computed[position];
    });
    pending.results = results;
  }, (error: unknown) => {
    // Enrichment is an aid: the messages are stored without it rather than held back.
    logger.error({ err: error, workspaceId }, 'enriching inbound messages failed');
    pending.results = [];
  });
  return pending;
}

/** Waits until every one of these enrichments is ready, doing queued enrichment work in this thread meanwhile. */
export async function settleEnrichment(pending: readonly PendingEnrichment[], enricher: Enricher | undefined): Promise<void> {
  for (;;) {
    const next = pending.find((item) => item.results === undefined);
    if (next === undefined) return;
    if (enricher?.assist?.() !== true) await next.done;
    // A turn of the event loop takes in what other threads finished meanwhile: their replies are otherwise handled one
    // per turn, each followed by the microtasks this loop runs on.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
