import { inboundEvent, type InboundEvent, type InboundMessageEvent } from '../../../common/inbound.js';
import { inTransaction, type AppContext } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import { newId } from '../../infra/ids.js';
import { ingestBatch, type EventOutcome } from './ingest-batch.js';
import { settleEnrichment, startEnrichment, type PendingEnrichment } from './ingest-enrichment.js';
import type { Enricher } from './ingest-messages.js';
import type { CustomerValueSource } from './ingest-value.js';
import { createReceiptWriter } from './receipt-writer.js';
import { listPendingReceipts, markFailed, markProcessed, openReceiptPayload, type SealedReceipt, type StoredReceipt } from './receipt.repo.js';

/** Turns a stored receipt back into events, by the receipt's source (`api`, `import`, `webhook:x`, …); may read the receipt's account. */
export type ReceiptDecoder = (receipt: StoredReceipt) => InboundEvent[] | Promise<InboundEvent[]>;

/** What accept() and record() are given: one raw payload and the events it carries. */
export interface AcceptInput {
  workspaceId: string;
  source: string;
  accountId?: string | null;
  payload: string;
  events: InboundEvent[];
}

/** What the caller of accept() learns: the receipt is durable; outcomes when processing finished. */
export interface AcceptResult {
  receiptId: string;
  status: 'processed' | 'pending';
  outcomes: EventOutcome[];
}

interface PendingItem {
  receipt: StoredReceipt;
  events: InboundEvent[];
  enrichment: PendingEnrichment;
  resolve: (result: AcceptResult) => void;
}

/** The ingest pipeline: receipt → (batched) normalise, dedupe, enrich, thread, persist → events after commit. */
export interface IngestPipeline {
  /** Durably records one payload's events, then processes them with whatever else is waiting; resolves after commit. */
  accept(input: AcceptInput): Promise<AcceptResult>;
  /** Durably records one payload's events and returns once the receipt is committed; `processed` settles after the events are applied (webhooks acknowledge here). */
  record(input: AcceptInput): Promise<{ receiptId: string; processed: Promise<AcceptResult> }>;
  /** Processes receipts that were recorded but never processed (after a crash, or by a node that stopped). */
  replayPending(options?: { olderThanMs?: number }): Promise<number>;
  addDecoder(sourcePrefix: string, decoder: ReceiptDecoder): void;
  /** Enriches inbound messages (triage) before they are written; receipts recorded while it is undefined are not enriched. */
  enricher: Enricher | undefined;
  /** Each workspace's customer-value rule (triage keeps them cached), raising the priority of valuable customers' messages. */
  customerValues: CustomerValueSource | undefined;
  /** Waits for work in progress. */
  drain(): Promise<void>;
}

const maxEventsPerBatch = 2_000;

/** Events given to the inbound API and the importer are stored as JSON arrays of inbound events. */
export const decodeEventList: ReceiptDecoder = (receipt) => (JSON.parse(receipt.payload) as unknown[]).map((item) => inboundEvent.parse(item));

/** Creates the pipeline of one process. */
export function createIngestPipeline(ctx: AppContext): IngestPipeline {
  const decoders = new Map<string, ReceiptDecoder>([['api', decodeEventList], ['import', decodeEventList]]);
  const waiting: PendingItem[] = [];
  const writeReceipt = createReceiptWriter(ctx.db.kysely, ctx.secrets);
  let running: Promise<void> | undefined;

  const pipeline: IngestPipeline = {
    enricher: undefined,
    customerValues: undefined,
    addDecoder: (prefix, decoder) => void decoders.set(prefix, decoder),
    async accept(input) {
      const { processed } = await pipeline.record(input);
      return processed;
    },
    async record(input) {
      const receipt: StoredReceipt = {
        id: newId(), workspace_id: input.workspaceId, source: input.source, account_id: input.accountId ?? null, payload: input.payload,
        status: 'pending', error: null, received_at: ctx.clock.now(), processed_at: null,
      };
      // Enrichment starts while the receipt is written: it runs on other threads when the enricher has them.
      const enrichment = startEnrichment(pipeline.enricher, input.workspaceId, input.events, ctx.logger);
      await writeReceipt(receipt);
      const processed = new Promise<AcceptResult>((resolve) => {
        waiting.push({ receipt, events: input.events, enrichment, resolve });
        kick();
      });
      return { receiptId: receipt.id, processed };
    },
    async replayPending(options = {}) {
      let replayed = 0;
      let afterId: string | undefined;
      for (;;) {
        const receivedBefore = options.olderThanMs === undefined ? undefined : ctx.clock.now() - options.olderThanMs;
        const receipts = await listPendingReceipts(ctx.db.kysely, { limit: 500, receivedBefore, ...(afterId === undefined ? {} : { afterId }) });
        if (receipts.length === 0) return replayed;
        afterId = receipts.at(-1)?.id;
        const results = await Promise.all(receipts.map((receipt) => enqueueStored(receipt)));
        replayed += results.length;
      }
    },
    async drain() {
      while (running !== undefined) await running;
    },
  };

  async function enqueueStored(sealed: SealedReceipt): Promise<AcceptResult> {
    const { sealedPayload, ...row } = sealed;
    let receipt: StoredReceipt = { ...row, payload: '' };
    let events: InboundEvent[];
    try {
      receipt = { ...row, payload: openReceiptPayload(ctx.secrets, sealedPayload) };
      const decoder = decoderFor(receipt.source);
      events = await decoder(receipt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.logger.error({ receiptId: receipt.id, source: receipt.source, reason }, 'receipt cannot be decoded; marked failed');
      return markFailed(ctx.db.kysely, [receipt.id], `cannot decode: ${reason}`, ctx.clock.now()).then(() => ({ receiptId: receipt.id, status: 'pending', outcomes: [] }));
    }
    const enrichment = startEnrichment(pipeline.enricher, receipt.workspace_id, events, ctx.logger);
    return new Promise<AcceptResult>((resolve) => {
      waiting.push({ receipt, events, enrichment, resolve });
      kick();
    });
  }

  function decoderFor(source: string): ReceiptDecoder {
    const prefix = [...decoders.keys()].find((key) => source === key || source.startsWith(`${key}:`));
    if (prefix === undefined) throw new Error(`no decoder for receipts of source "${source}"`);
    return decoders.get(prefix) as ReceiptDecoder;
  }

  function kick(): void {
    if (running !== undefined) return;
    running = (async () => {
      // Yield once so concurrent requests can join the same batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (waiting.length > 0) await processNext();
    })().finally(() => {
      running = undefined;
      if (waiting.length > 0) kick();
    });
  }

  /**
   * Writes the next batch: the oldest receipt's workspace, with its later receipts in arrival order. Receipts whose
   * enrichment is still being computed join too: the batch's reads run first, and only then does it wait for them
   * (helping to enrich rather than idle), so the threads' work overlaps the reads and batches stay whole.
   */
  async function processNext(): Promise<void> {
    const workspaceId = (waiting[0] as PendingItem).receipt.workspace_id;
    const batch: PendingItem[] = [];
    let events = 0;
    for (let i = 0; i < waiting.length && events < maxEventsPerBatch; ) {
      const item = waiting[i] as PendingItem;
      if (item.receipt.workspace_id !== workspaceId) {
        i += 1;
        continue;
      }
      waiting.splice(i, 1);
      batch.push(item);
      events += item.events.length;
    }
    await processItems(ctx, batch, pipeline.enricher, pipeline.customerValues);
  }

  return pipeline;
}

async function processItems(ctx: AppContext, batch: PendingItem[], enricher: Enricher | undefined, values: CustomerValueSource | undefined): Promise<void> {
  try {
    const outcomes = await applyWithRetry(ctx, batch, enricher, values);
    let offset = 0;
    const now = ctx.clock.now();
    for (const item of batch) {
      const own = outcomes.slice(offset, offset + item.events.length);
      offset += item.events.length;
      for (const outcome of own) ctx.metrics.ingestedEvents.inc({ source: item.receipt.source.split(':')[0], outcome: outcome.status });
      ctx.metrics.ingestLatency.observe((now - item.receipt.received_at) / 1000);
      item.resolve({ receiptId: item.receipt.id, status: 'processed', outcomes: own });
    }
  } catch (error) {
    if (batch.length > 1) {
      // Isolate the payload at fault so one bad receipt does not hold back the others.
      for (const item of batch) await processItems(ctx, [item], enricher, values);
      return;
    }
    const item = batch[0] as PendingItem;
    const reason = error instanceof Error ? error.message : String(error);
    ctx.metrics.errors.inc({ kind: 'ingest' });
    ctx.logger.error({ err: error, receiptId: item.receipt.id }, 'processing a receipt failed; it stays stored as failed');
    await markFailed(ctx.db.kysely, [item.receipt.id], reason, ctx.clock.now()).catch((markError: unknown) => ctx.logger.error({ err: markError }, 'marking a receipt failed failed'));
    item.resolve({ receiptId: item.receipt.id, status: 'pending', outcomes: [] });
  }
}

async function applyWithRetry(ctx: AppContext, batch: PendingItem[], enricher: Enricher | undefined, values: CustomerValueSource | undefined): Promise<EventOutcome[]> {
  const workspaceId = (batch[0] as PendingItem).receipt.workspace_id;
  const events = batch.flatMap((item) => item.events);
  const receiptIds = batch.flatMap((item) => item.events.map(() => item.receipt.id));
  const enrichments = async () => {
    await settleEnrichment(batch.map((item) => item.enrichment), enricher);
    return batch.flatMap((item) => item.events.map((_, index) => item.enrichment.results?.[index]));
  };
  const enrichEdits = enricher === undefined ? undefined : (messages: readonly InboundMessageEvent[]) => enricher.enrich(workspaceId, messages);
  const customerValue = values?.ruleFor(workspaceId);
  const run = () => inTransaction(ctx, async (trx, emit) => {
    const now = ctx.clock.now();
    const outcomes = await ingestBatch(trx, workspaceId, { events, receiptIds, enrichments, enrichEdits }, { now, reopenWindowMs: ctx.config.reopenWindowMs, audience: (type) => ctx.bus.hasAudience(workspaceId, type), customerValue }, emit);
    await markProcessed(trx, batch.map((item) => item.receipt.id), now);
    return outcomes;
  });
  try {
    return await run();
  } catch (error) {
    // Another node committed the same platform message first: a fresh read now sees it as a duplicate.
    if (classifyDbError(error) === 'DUPLICATE') return run();
    throw error;
  }
}
