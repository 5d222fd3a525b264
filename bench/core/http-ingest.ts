import type { InboundEventInput } from '../../common/inbound.js';
import { spawnServer } from '../../test/helpers/spawn-server.js';
import { benchEnv, openBenchRuntime, seedBenchWorkspace, type BenchTarget } from './bench-runtime.js';

/** How the HTTP benchmark pushes: events per request and requests in flight. */
export interface HttpLoad {
  eventsPerRequest: number;
  connections: number;
}

/** Events/s through `POST /api/v1/workspaces/:ws/inbound` of a `rapport start` child process (seeded first through the services). */
export async function runHttpIngest(inputs: readonly InboundEventInput[], load: HttpLoad, target: BenchTarget, serverEnv: Record<string, string> = {}): Promise<{ events: number; seconds: number; outcomes: Record<string, number> }> {
  const seeding = await openBenchRuntime(target);
  const workspace = await seedBenchWorkspace(seeding);
  await seeding.close();
  const bodies: string[] = [];
  for (let start = 0; start < inputs.length; start += load.eventsPerRequest) bodies.push(JSON.stringify({ events: inputs.slice(start, start + load.eventsPerRequest) }));
  // serverEnv can add e.g. NODE_OPTIONS=--cpu-prof to profile the server.
  const server = await spawnServer({ ...benchEnv(target), LOG_LEVEL: 'warn', ...serverEnv });
  const outcomes: Record<string, number> = {};
  try {
    const url = `${server.url}/api/v1/workspaces/${workspace.slug}/inbound`;
    const headers = { authorization: `Bearer ${workspace.token}`, 'content-type': 'application/json' };
    let next = 0;
    const started = performance.now();
    const lane = async () => {
      while (next < bodies.length) {
        const body = bodies[next] as string;
        next += 1;
        const response = await fetch(url, { method: 'POST', headers, body });
        const text = await response.text();
        if (response.status !== 202) throw new Error(`inbound API answered ${response.status}: ${text.slice(0, 300)}`);
        for (const result of (JSON.parse(text) as { results: Array<{ status: string }> }).results) outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: load.connections }, lane));
    return { events: inputs.length, seconds: (performance.now() - started) / 1000, outcomes };
  } finally {
    await server.stop();
  }
}
