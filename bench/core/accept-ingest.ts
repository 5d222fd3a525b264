import { inboundEvent, type InboundEvent, type InboundEventInput } from '../../common/inbound.js';
import type { Runtime } from '../../server/runtime.js';

/** How the benchmark drives the pipeline: events per accept() call (one receipt each) and calls in flight at once. */
export interface AcceptLoad {
  eventsPerAccept: number;
  inFlight: number;
}

/** What a run of the pipeline did. */
export interface IngestRun {
  events: number;
  seconds: number;
  outcomes: Record<string, number>;
}

/** Splits events into the payloads of separate accept() calls, parsed and serialised up front as the HTTP route would have. */
export function preparePayloads(inputs: readonly InboundEventInput[], eventsPerAccept: number): Array<{ payload: string; events: InboundEvent[] }> {
  const payloads: Array<{ payload: string; events: InboundEvent[] }> = [];
  for (let start = 0; start < inputs.length; start += eventsPerAccept) {
    const raw = inputs.slice(start, start + eventsPerAccept);
    payloads.push({ payload: JSON.stringify(raw), events: raw.map((item) => inboundEvent.parse(item)) });
  }
  return payloads;
}

/** Pushes the payloads through `runtime.ingest.accept` with many calls in flight, as a busy server would, and times it. */
export async function runAcceptIngest(runtime: Runtime, workspaceId: string, payloads: ReadonlyArray<{ payload: string; events: InboundEvent[] }>, load: AcceptLoad): Promise<IngestRun> {
  const outcomes: Record<string, number> = {};
  let next = 0;
  let events = 0;
  const started = performance.now();
  const caller = async () => {
    while (next < payloads.length) {
      const item = payloads[next] as (typeof payloads)[number];
      next += 1;
      const result = await runtime.ingest.accept({ workspaceId, source: 'api', payload: item.payload, events: item.events });
      if (result.status !== 'processed') throw new Error(`receipt ${result.receiptId} was not processed`);
      events += item.events.length;
      for (const outcome of result.outcomes) outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: load.inFlight }, caller));
  return { events, seconds: (performance.now() - started) / 1000, outcomes };
}
