import type { Worker } from 'node:worker_threads';
import type { InboundMessageEvent } from '../../../common/inbound.js';
import type { Logger } from '../../infra/logger.js';
import type { SecretBox } from '../../infra/secret-box.js';
import { startModuleWorker } from '../../infra/worker-thread.js';
import type { Enricher, Enrichment } from '../ingest/ingest-messages.js';
import type { TriageModelCache } from './triage-model.cache.js';
import type { TriageReply, TriageRequest } from './triage-pool.types.js';
import { sealDraft, triageSubjectOf, type TriageDraft } from './triage.enricher.js';

/** Triage on worker threads: the ingest enricher, and how to stop the threads. */
export interface TriagePool {
  enricher: Enricher;
  /** Stops the threads; work they had not answered yet is finished in this thread. */
  close(): Promise<void>;
}

/** What the pool needs: how many threads, the model cache it mirrors, the key that seals originals, and triage in this thread. */
export interface TriagePoolOptions {
  threads: number;
  cache: TriageModelCache;
  secrets: SecretBox;
  logger: Logger;
  /** Triage in the calling thread: for work this thread takes on itself, and for a thread that was lost. */
  inThread: Enricher;
}

/** Messages per request: small, so results stream back and this thread can take over queued work at a fine grain. */
const eventsPerRequest = 64;
/**
 * Requests a thread holds at once: enough to keep it busy through everything this thread does between two turns of its
 * event loop (a whole batch's reads and writes are synchronous calls), since replies are only taken in between.
 */
const requestsPerThread = 64;
const startTimeoutMs = 30_000;

/** Up to eventsPerRequest messages of one workspace, from one enrich() call. */
interface Part {
  workspaceId: string;
  events: readonly InboundMessageEvent[];
  settle(results: ReadonlyArray<Enrichment | undefined>): void;
}

interface Lane {
  worker: Worker;
  /** The model signature each workspace had when this thread was last sent its models. */
  known: Map<string, string>;
  inFlight: Map<number, Part[]>;
}

/**
 * Starts the threads and resolves once each has loaded the default models; rejects if one cannot start. Work waits in a
 * queue and goes to the threads a few requests at a time; `assist` lets the caller take queued work on itself (from the
 * back of the queue, while the threads work from the front) when it would otherwise wait.
 */
export async function startTriagePool(options: TriagePoolOptions): Promise<TriagePool> {
  const { cache, secrets, logger, inThread } = options;
  const lanes = await startLanes(options.threads);
  const queue: Part[] = [];
  let nextId = 1;
  let pumping = false;
  let closed = false;
  for (const lane of lanes) watch(lane);

  function watch(lane: Lane): void {
    lane.worker.on('message', (reply: TriageReply) => {
      if (reply.kind !== 'done') return;
      const parts = lane.inFlight.get(reply.id) ?? [];
      lane.inFlight.delete(reply.id);
      // A thread with work keeps the process alive (a one-shot import awaits it); an idle one does not.
      if (lane.inFlight.size === 0) lane.worker.unref();
      for (const problem of reply.problems) logger.error({ thread: lane.worker.threadId }, problem);
      parts.forEach((part, index) => {
        const drafts = reply.drafts[index] ?? [];
        part.settle(part.events.map((event, position) => sealed(drafts[position], event)));
      });
      pump();
    });
    lane.worker.on('error', (error) => logger.error({ err: error, thread: lane.worker.threadId }, 'a triage thread failed'));
    lane.worker.once('exit', () => {
      if (lanes.includes(lane)) lanes.splice(lanes.indexOf(lane), 1);
      if (!closed) logger.error({ left: lanes.length }, 'a triage thread stopped; its messages are triaged on the main thread');
      for (const parts of lane.inFlight.values()) for (const part of parts) runHere(part);
      lane.inFlight.clear();
      pump();
    });
  }

  function sealed(draft: TriageDraft | null | undefined, event: InboundMessageEvent): Enrichment | undefined {
    return draft === null || draft === undefined ? undefined : sealDraft(draft, event.text, secrets);
  }

  function runHere(part: Part): void {
    void inThread.enrich(part.workspaceId, part.events).then((results) => part.settle(results));
  }

  /** Hands queued work to threads with room for it; without threads (all lost, or closing) it runs here. */
  function pump(): void {
    pumping = false;
    if (closed || lanes.length === 0) {
      for (const part of queue.splice(0)) runHere(part);
      return;
    }
    for (const lane of lanes) {
      while (lane.inFlight.size < requestsPerThread && queue.length > 0) send(lane, takeRequest());
    }
  }

  function takeRequest(): Part[] {
    const parts: Part[] = [];
    let size = 0;
    while (queue.length > 0 && (parts.length === 0 || size + (queue[0] as Part).events.length <= eventsPerRequest)) {
      const part = queue.shift() as Part;
      parts.push(part);
      size += part.events.length;
    }
    return parts;
  }

  function send(lane: Lane, parts: Part[]): void {
    const request: TriageRequest = { id: nextId++, models: [], jobs: [] };
    for (const part of parts) {
      const source = cache.sourceOf(part.workspaceId);
      if (source.signature !== '' && lane.known.get(part.workspaceId) !== source.signature) {
        request.models.push({ workspaceId: part.workspaceId, ...source });
        lane.known.set(part.workspaceId, source.signature);
      }
      request.jobs.push({ workspaceId: part.workspaceId, signature: source.signature, subjects: part.events.map(triageSubjectOf) });
    }
    if (lane.inFlight.size === 0) lane.worker.ref();
    lane.inFlight.set(request.id, parts);
    lane.worker.postMessage(request);
  }

  const enricher: Enricher = {
    enrich(workspaceId, events) {
      if (closed) return inThread.enrich(workspaceId, events);
      return new Promise((resolve) => {
        const results = new Array<Enrichment | undefined>(events.length);
        let pending = Math.ceil(events.length / eventsPerRequest);
        for (let start = 0; start < events.length; start += eventsPerRequest) {
          const offset = start;
          queue.push({
            workspaceId, events: events.slice(start, start + eventsPerRequest),
            settle(part) {
              part.forEach((result, index) => {
                results[offset + index] = result;
              });
              pending -= 1;
              if (pending === 0) resolve(results);
            },
          });
        }
        // Work queued in the same turn (a burst of receipts) is handed out together.
        if (!pumping) {
          pumping = true;
          queueMicrotask(pump);
        }
      });
    },
    assist() {
      const part = queue.pop();
      if (part === undefined) return false;
      runHere(part);
      return true;
    },
  };

  return {
    enricher,
    async close() {
      closed = true;
      pump();
      await Promise.all([...lanes].map((lane) => lane.worker.terminate()));
    },
  };
}

/** Starts the threads; if one cannot start, stops the others and rejects. */
async function startLanes(threads: number): Promise<Lane[]> {
  const started = await Promise.allSettled(Array.from({ length: threads }, () => startLane()));
  const lanes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure === undefined) return lanes;
  await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  throw failure.reason;
}

/** Starts one thread and waits for it to say it is ready. */
function startLane(): Promise<Lane> {
  const worker = startModuleWorker(new URL('./triage.worker.js', import.meta.url), { name: 'rapport-triage' });
  worker.unref();
  return new Promise<Lane>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('a triage thread did not start in time')), startTimeoutMs);
    const exited = (code: number) => fail(new Error(`a triage thread exited with code ${code} while starting`));
    const stopWaiting = () => {
      clearTimeout(timer);
      worker.off('error', fail).off('exit', exited).off('message', ready);
    };
    function fail(error: unknown): void {
      stopWaiting();
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
    function ready(reply: TriageReply): void {
      stopWaiting();
      if (reply.kind !== 'ready') return fail(new Error('a triage thread answered before it was ready'));
      resolve({ worker, known: new Map(), inFlight: new Map() });
    }
    worker.on('error', fail).on('exit', exited).on('message', ready);
  });
}
