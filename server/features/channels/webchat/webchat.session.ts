import type { RawData, WebSocket } from 'ws';
import { inboundEvent, type InboundEventInput } from '../../../../common/inbound.js';
import { limits } from '../../../../common/limits.js';
import { publishQuietly, type AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import type { IngestPipeline } from '../../ingest/ingest.service.js';
import { accountCredentials } from '../account.service.js';
import type { WebchatHub, WebchatOptions } from './webchat.hub.js';
import { identifyVisitor, newVisitorId, type VisitorIdentity } from './webchat.identity.js';
import {
  clientFrame, identityRejectedClose, visitorMessageId, webchatDeliveryEvent,
  type ErrorCode, type HelloFrame, type ServerFrame, type WebchatDelivery, type WidgetMessage,
} from './webchat.protocol.js';
import { findOutboundMessages, loadVisitorHistory } from './webchat.repo.js';
import { webchatSource } from './webchat.wiring.js';

/** What a visitor's socket works with. */
export interface SessionDeps {
  ctx: AppContext;
  ingest: IngestPipeline;
  hub: WebchatHub;
  settings: WebchatOptions;
}

const statusRank: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
// C0 control characters but tab, line feed and carriage return: PostgreSQL refuses NUL, and none of them is text.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Runs the protocol of one visitor's socket (see webchat.protocol.ts): hello and identity, history, messages through
 * the ingest pipeline (acknowledged once their receipt is committed), delivery and read statuses of agents' replies.
 * Frames are handled one at a time, in order.
 */
export function startVisitorSession(deps: SessionDeps, socket: WebSocket, account: ChannelAccountRow): void {
  const { ctx, hub, settings } = deps;
  let identity: VisitorIdentity | undefined;
  let leave: (() => void) | undefined;
  let greeted = false;
  let closed = false;
  /** Agent messages this socket was shown: the only ones it may report as delivered or read. */
  const shown = new Set<string>();
  const reported = new Map<string, number>();
  let frames = 0;
  let windowStart = Date.now();
  let queue: Promise<void> = Promise.resolve();

  const helloTimer = setTimeout(() => close(1008, 'Send hello first'), settings.helloTimeoutMs);
  socket.on('message', (raw, isBinary) => {
    if (closed) return;
    if (isBinary) return close(1003, 'Send JSON text frames');
    if (byteLength(raw) > settings.maxFrameBytes) return close(1009, 'Message too big');
    const now = Date.now();
    if (now - windowStart > settings.frameWindowMs) {
      windowStart = now;
      frames = 0;
    }
    if (++frames > settings.framesPerWindow) return close(1008, 'Too many frames; slow down');
    queue = queue.then(() => handle(raw)).catch((error: unknown) => {
      ctx.logger.error({ err: error, accountId: account.id }, 'a web chat frame failed');
      send({ type: 'error', code: 'UNAVAILABLE', message: 'Something went wrong; try again' });
    });
  });
  socket.once('close', () => {
    closed = true;
    clearTimeout(helloTimer);
    leave?.();
  });

  function send(frame: ServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function fail(code: ErrorCode, message: string, extra: { clientId?: string; retryAfterMs?: number } = {}): void {
    send({ type: 'error', code, message, ...extra });
  }

  function close(code: number, reason: string): void {
    if (closed) return;
    closed = true;
    clearTimeout(helloTimer);
    leave?.();
    socket.close(code, reason);
  }

  async function handle(raw: RawData): Promise<void> {
    if (closed) return;
    let json: unknown;
    try {
      json = JSON.parse(textOf(raw));
    } catch {
      return close(1003, 'Send JSON text frames');
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const clientId = typeof (json as { clientId?: unknown } | null)?.clientId === 'string' ? (json as { clientId: string }).clientId.slice(0, 64) : undefined;
      return fail('VALIDATION_FAILED', `Unknown or malformed frame${issue === undefined ? '' : ` (${issue.path.join('.') || 'frame'}: ${issue.message})`}`, clientId === undefined ? {} : { clientId });
    }
    const frame = parsed.data;
    if (frame.type === 'ping') return send({ type: 'pong' });
    if (frame.type === 'hello') {
      if (greeted) return fail('VALIDATION_FAILED', 'Say hello once per connection');
      greeted = true;
      return greet(frame);
    }
    if (identity === undefined) return fail('VALIDATION_FAILED', 'Send hello first', frame.type === 'message' ? { clientId: frame.clientId } : {});
    if (frame.type === 'message') return receive(identity, frame.clientId, frame.text);
    // Statuses may wait for a reply's send job to finish: they run beside the frame queue, not in it.
    void reportStatuses(frame.ids, frame.type).catch((error: unknown) => ctx.logger.warn({ err: error, accountId: account.id }, 'recording a web chat status failed'));
  }

  async function greet(hello: HelloFrame): Promise<void> {
    clearTimeout(helloTimer);
    const check = identifyVisitor(hello, hello.visitorId ?? newVisitorId(), accountCredentials(ctx, account));
    if (!check.ok) {
      fail('IDENTITY_REJECTED', check.reason);
      return close(identityRejectedClose, 'Identity rejected');
    }
    const visitor = check.identity;
    identity = visitor;
    // Joined before the history is read, so a reply sent meanwhile is in one or the other (the widget drops a repeat).
    leave = hub.join({ socket, workspaceId: account.workspace_id, accountId: account.id, platformUserId: visitor.platformUserId, deliver: push });
    let history: WidgetMessage[];
    try {
      history = await loadVisitorHistory(ctx.db.kysely, { workspaceId: account.workspace_id, accountId: account.id, platformUserId: visitor.platformUserId, limit: settings.historyLimit });
    } catch (error) {
      ctx.logger.error({ err: error, accountId: account.id }, 'loading a web chat history failed');
      return close(1011, 'Try again shortly');
    }
    for (const message of history) if (message.from === 'agent') shown.add(message.id);
    send({ type: 'welcome', visitorId: visitor.visitorId, verified: visitor.verified, brand: account.name, maxChars: limits.webchatMessageChars, history });
  }

  function push(message: WidgetMessage): void {
    if (message.from === 'agent') shown.add(message.id);
    send({ type: 'message', message });
  }

  async function receive(visitor: VisitorIdentity, clientId: string, rawText: string): Promise<void> {
    const text = rawText.replace(controlCharacters, '').trim();
    if (text === '') return fail('EMPTY_MESSAGE', 'Write something first', { clientId });
    if (text.length > limits.webchatMessageChars) return fail('MESSAGE_TOO_LONG', `Keep a message under ${limits.webchatMessageChars} characters`, { clientId });
    const budget = hub.takeMessage(`${account.id}\n${visitor.platformUserId}`);
    if (!budget.ok) return fail('RATE_LIMITED', 'You are sending messages too quickly; the message will be sent in a moment', { clientId, retryAfterMs: budget.retryAfterMs });
    const sentAt = new Date(ctx.clock.now()).toISOString();
    const event: InboundEventInput = {
      kind: 'message', channel: 'webchat', account: account.id, platformMessageId: visitorMessageId(visitor.visitorKey, clientId),
      visibility: 'private', direction: 'inbound', author: visitor.author, text, sentAt,
    };
    let processed: Awaited<ReturnType<IngestPipeline['record']>>['processed'];
    try {
      ({ processed } = await record([event]));
    } catch (error) {
      ctx.logger.error({ err: error, accountId: account.id }, 'recording a web chat message failed');
      return fail('UNAVAILABLE', 'The message could not be saved; it will be sent again', { clientId });
    }
    // Durable from here on: the widget may forget it.
    send({ type: 'ack', clientId });
    void processed.then(async (result) => {
      const outcome = result.outcomes[0];
      if (outcome?.status !== 'created' || outcome.messageId === undefined) return;
      // The visitor's other tabs and devices show it too; this socket matches it with its own by clientId.
      const delivery: WebchatDelivery = { accountId: account.id, recipients: [visitor.platformUserId], message: { id: outcome.messageId, clientId, from: 'visitor', text, sentAt, status: 'received' } };
      await publishQuietly(ctx, [{ type: webchatDeliveryEvent, workspaceId: account.workspace_id, data: delivery, at: ctx.clock.now() }]);
    });
  }

  /**
   * Records `delivered` or `read` for agent messages this socket was shown, through ingest like any platform's
   * delivery status. A reply can reach the widget before its send job has recorded it as sent: those are checked
   * again a few times, so the status lands after `sent` and is never overwritten by it.
   */
  async function reportStatuses(ids: readonly string[], status: 'delivered' | 'read'): Promise<void> {
    const rank = statusRank[status] ?? 0;
    let pending = [...new Set(ids)].filter((id) => shown.has(id) && (reported.get(id) ?? 0) < rank);
    for (const id of pending) reported.set(id, rank);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const rows = await findOutboundMessages(ctx.db.kysely, account.id, pending);
      const ready = rows.filter((row) => row.platform_message_id !== null && row.delivery_status !== 'queued' && (statusRank[row.delivery_status] ?? 0) < rank);
      if (ready.length > 0) {
        const at = new Date(ctx.clock.now()).toISOString();
        const { processed } = await record(ready.map((row) => ({ kind: 'status', channel: 'webchat', account: account.id, platformMessageId: row.platform_message_id ?? '', status, at })));
        await processed;
      }
      pending = rows.filter((row) => row.delivery_status === 'queued').map((row) => row.id);
      const wait = settings.statusRetryMs[attempt];
      if (wait === undefined) break;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  function record(raw: InboundEventInput[]) {
    return deps.ingest.record({ workspaceId: account.workspace_id, source: webchatSource, accountId: account.id, payload: JSON.stringify(raw), events: raw.map((item) => inboundEvent.parse(item)) });
  }
}

function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw)).toString('utf8');
}

function byteLength(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((sum, part) => sum + part.length, 0);
  return raw instanceof ArrayBuffer ? raw.byteLength : raw.length;
}
