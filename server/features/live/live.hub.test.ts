import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../../infra/logger.js';
import { createMetrics, type Metrics } from '../../infra/metrics.js';
import { createLocalBus } from '../../infra/pubsub/local-bus.js';
import type { DomainEvent, EventBus } from '../../infra/pubsub/pubsub.port.js';
import { createLiveHub, type LiveHub } from './live.hub.js';

/** Just enough of a ws socket to watch what the hub does with it. */
class FakeSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  pings = 0;
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;

  send(data: string): void {
    this.sent.push(data);
  }
  ping(): void {
    this.pings += 1;
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }
  /** The peer answered the close frame. */
  finishClose(): void {
    this.readyState = 3;
    this.emit('close');
  }
  terminate(): void {
    this.terminated = true;
    if (this.readyState !== 3) this.finishClose();
  }
  get events(): DomainEvent[] {
    return this.sent.map((frame) => JSON.parse(frame) as DomainEvent);
  }
}

const event = (workspaceId: string, type = 'conversation.updated'): DomainEvent => ({ type, workspaceId, at: 1_790_000_000_000, data: { conversation: { id: 'c1' } } });
const settings = { heartbeatMs: 1_000, revalidateMs: 1_500, maxBufferedBytes: 100, closeGraceMs: 500 };

describe('live hub', () => {
  let bus: EventBus;
  let metrics: Metrics;
  let hub: LiveHub;
  let subscriptions: number;

  beforeEach(() => {
    vi.useFakeTimers();
    const local = createLocalBus();
    subscriptions = 0;
    bus = { ...local, subscribe: (handler) => (subscriptions += 1, local.subscribe(handler)) };
    metrics = createMetrics();
    hub = createLiveHub({ bus, metrics, logger: createLogger('silent') }, settings);
  });
  afterEach(async () => {
    const closing = hub.close();
    await vi.runAllTimersAsync();
    await closing;
    vi.useRealTimers();
  });

  const join = (workspaceId: string, stillAuthorised: () => Promise<boolean> = async () => true) => {
    const socket = new FakeSocket();
    hub.join({ socket: socket as unknown as WebSocket, workspaceId, stillAuthorised });
    return socket;
  };
  const gauge = async () => (await metrics.websocketClients.get()).values[0]?.value ?? 0;

  it('sends each event to every socket of its workspace and to none of another, through one bus subscription', async () => {
    const [first, second, other] = [join('w1'), join('w1'), join('w2')];
    await bus.publish([event('w1', 'conversation.created'), event('w2', 'conversation.assigned')]);
    expect(first.events.map((e) => e.type)).toEqual(['conversation.created']);
    expect(second.events).toEqual(first.events);
    expect(other.events.map((e) => e.type)).toEqual(['conversation.assigned']);
    expect(subscriptions).toBe(1);
    expect(await gauge()).toBe(3);
  });

  it('forgets a socket once it closes', async () => {
    const socket = join('w1');
    socket.finishClose();
    await bus.publish([event('w1')]);
    expect(socket.sent).toEqual([]);
    expect(hub.count()).toBe(0);
    expect(await gauge()).toBe(0);
  });

  it('closes a socket with 1013 once its backlog passes the limit, and sends it nothing more', async () => {
    const slow = join('w1');
    const fast = join('w1');
    slow.bufferedAmount = 101;
    await bus.publish([event('w1'), event('w1')]);
    expect(slow.closedWith?.code).toBe(1013);
    expect(slow.sent).toEqual([]);
    expect(fast.sent).toHaveLength(2);
    expect(hub.count('w1')).toBe(1);
    await vi.advanceTimersByTimeAsync(settings.closeGraceMs);
    expect(slow.terminated).toBe(true);
  });

  it('pings every heartbeat and terminates a socket that missed the previous pong', async () => {
    const answering = join('w1');
    const silent = join('w1');
    await vi.advanceTimersByTimeAsync(settings.heartbeatMs);
    expect([answering.pings, silent.pings]).toEqual([1, 1]);
    answering.emit('pong');
    await vi.advanceTimersByTimeAsync(settings.heartbeatMs);
    expect(silent.terminated).toBe(true);
    expect(answering.terminated).toBe(false);
    expect(hub.count()).toBe(1);
  });

  it('closes with 1008 the sockets whose access ended, and keeps them when the check itself fails', async () => {
    const revoked = join('w1', async () => false);
    const unsure = join('w1', async () => {
      throw new Error('database unavailable');
    });
    const valid = join('w1');
    await vi.advanceTimersByTimeAsync(settings.revalidateMs);
    expect(revoked.closedWith?.code).toBe(1008);
    expect(unsure.closedWith).toBeUndefined();
    expect(valid.closedWith).toBeUndefined();
  });

  it('on close stops streaming, closes every socket with 1001 and cuts those that do not answer', async () => {
    const polite = join('w1');
    const stuck = join('w2');
    const closing = hub.close();
    expect(polite.closedWith?.code).toBe(1001);
    expect(stuck.closedWith?.code).toBe(1001);
    polite.finishClose();
    await vi.advanceTimersByTimeAsync(settings.closeGraceMs);
    await closing;
    expect(stuck.terminated).toBe(true);
    expect(polite.terminated).toBe(false);
    await bus.publish([event('w1')]);
    expect(polite.sent).toEqual([]);
    expect(await gauge()).toBe(0);
    const late = join('w1');
    expect(late.closedWith?.code).toBe(1001);
  });
});
