import type { WireEvent } from './crash-events.js';

/** What one POST of a batch to the inbound API came back with; `acknowledged` only for a 202. */
export type BatchResponse =
  | { acknowledged: true; results: Array<{ status: string }> }
  | { acknowledged: false; reason: string };

/** Posts one batch to the inbound API; a dropped connection or any other status is "not acknowledged". */
export async function postBatch(baseUrl: string, workspace: string, token: string, events: readonly WireEvent[]): Promise<BatchResponse> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/workspaces/${workspace}/inbound`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
    });
    const text = await response.text();
    if (response.status !== 202) return { acknowledged: false, reason: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    return { acknowledged: true, results: (JSON.parse(text) as { results: Array<{ status: string }> }).results };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { acknowledged: false, reason: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/** Sends batches by index with `concurrency` requests in flight until all are sent or `stopped()` turns true. */
export async function sendConcurrently(indexes: readonly number[], concurrency: number, send: (index: number) => Promise<void>, stopped: () => boolean = () => false): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < indexes.length && !stopped()) {
      const index = indexes[next] as number;
      next += 1;
      await send(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
