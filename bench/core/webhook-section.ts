import autocannon from 'autocannon';
import WebSocket from 'ws';
import { createChannelAccount } from '../../server/features/channels/account.service.js';
import { metaJson, metaWebhookHeaders } from '../../server/features/channels/meta/meta.fake.js';
import { whatsappMessage, type WhatsappNumber } from '../../server/features/channels/meta/meta.fake-payloads.js';
import { spawnServer, type SpawnedServer } from '../../test/helpers/spawn-server.js';
import { benchEnv, openBenchRuntime, seedBenchWorkspace, type BenchTarget } from './bench-runtime.js';
import { seededRandom } from '../../common/seeded-random.js';
import { careTextWriter } from './care-text.js';
import { percentile } from './query-latency.js';

/** How hard the webhook benchmark pushes. */
export interface WebhookLoad {
  /** Webhooks sent as fast as the server acknowledges them (the throughput phase). */
  burstWebhooks: number;
  connections: number;
  /** The steady phase: webhooks per second and for how long, with a live socket timing each message to the screen. */
  steadyRate: number;
  steadySeconds: number;
}

/** What the webhook benchmark measured. */
export interface WebhookResult {
  webhooksPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  burstErrors: number;
  steadySent: number;
  steadyAckP99Ms: number;
  webhookToWsP50Ms: number;
  webhookToWsP99Ms: number;
  /** Steady-phase messages that never reached the socket (should be 0). */
  steadyMissing: number;
}

const number: WhatsappNumber = { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' };
const appSecret = 'bench-whatsapp-app-secret';
/** How long the socket may take to deliver the last steady-phase messages before they count as missing. */
const settleMs = 10_000;

/**
 * Signed WhatsApp Cloud API webhooks (X-Hub-Signature-256 over the raw body, as Meta sends them) to
 * `POST /webhooks/whatsapp/:account` of a `rapport start` child process, from autocannon on 127.0.0.1: first as fast as
 * they are acknowledged, then at a steady rate while a live WebSocket client times each message from send to screen.
 */
export async function runWebhookBench(target: BenchTarget, load: WebhookLoad): Promise<WebhookResult> {
  const seeding = await openBenchRuntime(target);
  const workspace = await seedBenchWorkspace(seeding, 'webhooks');
  const account = await createChannelAccount(seeding.ctx, workspace.actor, {
    channel: 'whatsapp', handle: `+${number.displayPhoneNumber}`, platformAccountId: number.phoneNumberId,
    credentials: { appSecret, verifyToken: 'bench-verify', accessToken: 'bench-token' },
  });
  await seeding.close();
  const server = await spawnServer({ ...benchEnv(target), LOG_LEVEL: 'warn' });
  try {
    const path = `/webhooks/whatsapp/${account.id}`;
    const burst = await sendWebhooks(server, path, { amount: load.burstWebhooks, connections: load.connections, prefix: 'burst' });
    const live = await openLiveSocket(server, workspace.slug, workspace.token);
    try {
      const steady = await sendWebhooks(server, path, {
        amount: load.steadyRate * load.steadySeconds, connections: load.connections, overallRate: load.steadyRate, prefix: 'steady',
      });
      const delays = await live.delaysOf(steady.sentAt, settleMs);
      return {
        webhooksPerSecond: burst.acknowledged / burst.seconds, ackP50Ms: burst.latency.p50, ackP99Ms: burst.latency.p99, burstErrors: burst.errors,
        steadySent: steady.sentAt.size, steadyAckP99Ms: steady.latency.p99,
        webhookToWsP50Ms: percentile(delays, 50), webhookToWsP99Ms: percentile(delays, 99), steadyMissing: steady.sentAt.size - delays.length,
      };
    } finally {
      live.close();
    }
  } finally {
    await server.stop();
  }
}

interface SendOptions {
  amount: number;
  connections: number;
  overallRate?: number;
  prefix: string;
}

interface SendResult {
  acknowledged: number;
  errors: number;
  seconds: number;
  latency: { p50: number; p99: number };
  /** When each webhook's message (by WhatsApp message id) was handed to the socket, in performance.now() ms. */
  sentAt: Map<string, number>;
}

/** Sends `amount` webhooks, each a new customer message with its own id, signed as Meta signs it at the moment it is sent. */
async function sendWebhooks(server: SpawnedServer, path: string, options: SendOptions): Promise<SendResult> {
  const sentAt = new Map<string, number>();
  const writeText = careTextWriter(seededRandom(options.prefix.length));
  let sequence = 0;
  const started = performance.now();
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    amount: options.amount,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: [{
      method: 'POST',
      path,
      setupRequest(request) {
        sequence += 1;
        const id = `wamid.${options.prefix}.${sequence}`;
        const waId = `4479${String(100_000 + (sequence % 5_000)).padStart(8, '0')}`;
        const raw = metaJson(whatsappMessage(number, { waId, name: `Customer ${sequence % 5_000}`, id, at: Date.now(), message: { type: 'text', text: { body: writeText() } } }));
        sentAt.set(id, performance.now());
        return { ...request, body: raw, headers: metaWebhookHeaders(appSecret, raw) };
      },
    }],
  });
  const seconds = (performance.now() - started) / 1000;
  const errors = result.non2xx + result.errors + result.timeouts;
  if (result['2xx'] === 0) throw new Error(`no webhook was acknowledged (non-2xx ${result.non2xx}, errors ${result.errors})`);
  return { acknowledged: result['2xx'], errors, seconds, latency: { p50: result.latency.p50, p99: result.latency.p99 }, sentAt };
}

interface LiveSocket {
  /** Milliseconds from send to the socket's `message.received` for each sent id that arrived, waiting up to `settleMs` for stragglers. */
  delaysOf(sentAt: ReadonlyMap<string, number>, settleMs: number): Promise<number[]>;
  close(): void;
}

/** A live client of the workspace, as the web app connects: it notes when each message.received frame arrives. */
async function openLiveSocket(server: SpawnedServer, slug: string, token: string): Promise<LiveSocket> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/workspaces/${slug}/live`, { headers: { authorization: `Bearer ${token}` } });
  const arrivedAt = new Map<string, number>();
  socket.on('message', (raw: Buffer) => {
    const now = performance.now();
    const frame = JSON.parse(raw.toString('utf8')) as { type: string; data?: { message?: { platformMessageId?: string | null } } };
    const id = frame.type === 'message.received' ? frame.data?.message?.platformMessageId : undefined;
    if (typeof id === 'string') arrivedAt.set(id, now);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`live socket refused: ${response.statusCode ?? '?'}`)));
  });
  return {
    async delaysOf(sentAt, waitMs) {
      const deadline = performance.now() + waitMs;
      while (performance.now() < deadline && [...sentAt.keys()].some((id) => !arrivedAt.has(id))) await new Promise((resolve) => setTimeout(resolve, 50));
      return [...sentAt].flatMap(([id, sent]) => {
        const arrived = arrivedAt.get(id);
        return arrived === undefined ? [] : [arrived - sent];
      });
    },
    close: () => socket.close(),
  };
}
