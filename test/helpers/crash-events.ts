/** An inbound event as a client sends it to the API. */
export type WireEvent = Record<string, unknown>;

/**
 * `total` distinct inbound events for the x/acme account of the test seed, in batches of `perBatch`: mentions from a few
 * hundred customers, replies that thread into earlier messages, and direct messages. Every event has its own platform id
 * (`crash-<n>`), so the store can be checked for exactly-once.
 */
export function crashEventBatches(total: number, perBatch: number): WireEvent[][] {
  const events: WireEvent[] = [];
  const start = Date.UTC(2026, 10, 20, 8);
  for (let n = 0; n < total; n += 1) {
    const customer = `cust-${(n * 7919) % 400}`;
    const event: WireEvent = {
      kind: 'message', channel: 'x', account: 'acme', platformMessageId: `crash-${n}`,
      visibility: n % 5 === 0 ? 'private' : 'public',
      author: { platformUserId: customer, handle: customer, displayName: `Customer ${customer}` },
      text: `Event ${n}: my order has not arrived and nobody answers`, sentAt: new Date(start + n * 1_000).toISOString(),
    };
    // Three in ten public posts answer an earlier post, so threading joins existing conversations.
    if (n % 10 < 3 && n % 5 !== 0 && n > 10) event.parentPlatformId = `crash-${n - 1 - (n % 9)}`;
    events.push(event);
  }
  const batches: WireEvent[][] = [];
  for (let i = 0; i < events.length; i += perBatch) batches.push(events.slice(i, i + perBatch));
  return batches;
}

/** The platform message ids of a batch. */
export function platformIdsOf(batch: readonly WireEvent[]): string[] {
  return batch.map((event) => String(event.platformMessageId));
}
