/**
 * Live updates: `GET /api/v1/workspaces/:workspace/live` (websocket).
 *
 * Authentication (needs `conversations:read` in the workspace; failures are answered before the upgrade,
 * as problem+json: 401 no or bad credential, 403 role or token scope, 404 a workspace the caller is not in):
 * - `Authorization: Bearer <token>` header (server-side clients); or
 * - the session cookie, from a page of this site: a foreign `Origin` gets 403 CSRF_FAILED; or
 * - for browsers that cannot set headers, subprotocols `rapport.v1, bearer.<token>` (`new WebSocket(url,
 *   ['rapport.v1', 'bearer.' + token])`); the server selects `rapport.v1` and never echoes the token.
 *
 * Server → client, JSON text frames:
 * - first `{ "type": "hello", "workspaceId", "serverTime" }` (epoch ms). Events committed before hello may
 *   have been missed: reload over REST after hello, then apply events (they are upserts by id).
 * - then every domain event of this workspace, only this one: `{ "type": "conversation.created" | "message.received" | …,
 *   "workspaceId", "at" (epoch ms), "data" }`, data being the presented object(s) as in REST responses.
 *   Event types always contain a dot, so they never collide with the protocol frames.
 * - `{ "type": "pong" }` answering a ping; `{ "type": "error", "code": "VALIDATION_FAILED", "message" }` for a
 *   JSON message this protocol does not know (the socket stays open).
 * Client → server: `{ "type": "ping" }`. Nothing else is needed; the stream starts on connect.
 *
 * The server pings every 30 s and cuts sockets that missed the previous pong. Close codes: 1001 server
 * shutting down; 1003 a non-JSON or binary message; 1007 invalid UTF-8; 1008 access ended (token revoked,
 * session expired, membership removed: sign in again); 1009 message over 64 KB; 1013 the client fell more
 * than ~1 MB behind (reconnect and reload). On any other loss, reconnect with backoff and reload.
 */
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { createLiveHub, type LiveHubOptions } from './live.hub.js';
import { checkLiveUpgrade, liveAccessCheck } from './live.policy.js';
import { liveClientMessage, type HelloFrame, type ReplyFrame } from './live.schemas.js';

/** Registers the live endpoint and its per-node hub; `options` shortens timings in tests. */
export function createLiveRoutes(options: Partial<LiveHubOptions> = {}) {
  return (app: RapportApp, runtime: Runtime): void => {
    const { ctx } = runtime;
    const hub = createLiveHub(ctx, options);
    // preClose runs before the server stops accepting, so sockets get a close frame rather than a cut connection.
    app.addHook('preClose', () => hub.close());
    app.addHook('onClose', () => hub.close());

    app.get(`${workspacePath}/live`, {
      websocket: true,
      config: { auth: { permission: 'conversations:read' } },
      schema: { tags: ['live'], summary: 'Websocket stream of the workspace\'s domain events', params: z.strictObject({ workspace: z.string().max(64) }) },
      onRequest: checkLiveUpgrade(ctx.config.publicUrl),
    }, (socket, request) => {
      const { workspaceId } = actorOf(request);
      const hello: HelloFrame = { type: 'hello', workspaceId, serverTime: ctx.clock.now() };
      socket.send(JSON.stringify(hello));
      socket.on('message', (raw, isBinary) => answerClient(socket, raw, isBinary));
      hub.join({ socket, workspaceId, stillAuthorised: liveAccessCheck(ctx, request, workspaceId) });
    });
  };
}

/** The live endpoint with production timings. */
export const registerLiveRoutes = createLiveRoutes();

function answerClient(socket: WebSocket, raw: RawData, isBinary: boolean): void {
  if (isBinary) {
    socket.close(1003, 'Send JSON text frames');
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(textOf(raw));
  } catch {
    socket.close(1003, 'Send JSON text frames');
    return;
  }
  const message = liveClientMessage.safeParse(json);
  const reply: ReplyFrame = message.success
    ? { type: 'pong' }
    : { type: 'error', code: 'VALIDATION_FAILED', message: 'Unknown message; the only one is {"type":"ping"}' };
  socket.send(JSON.stringify(reply));
}

function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw)).toString('utf8');
}
