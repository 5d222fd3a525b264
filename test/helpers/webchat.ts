import { vi } from 'vitest';
import { WebSocket } from 'ws';
import { socketRefusal, type SocketRefusal } from './socket-refusal.js';

/** A frame the web chat server sent. */
export interface ChatFrame {
  type: string;
  visitorId?: string;
  verified?: boolean;
  brand?: string;
  clientId?: string;
  code?: string;
  message?: unknown;
  history?: Array<{ id: string; clientId?: string; from: string; text: string; status: string }>;
  retryAfterMs?: number;
}

/** A widget's socket in a test: every frame it received, and how it closed. */
export interface ChatClient {
  socket: WebSocket;
  frames: ChatFrame[];
  next(predicate: (frame: ChatFrame) => boolean, timeout?: number): Promise<ChatFrame>;
  send(frame: Record<string, unknown>): void;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a visitor socket from a page of `origin` (no Origin header when undefined). */
export function openChat(baseUrl: string, accountId: string, origin: string | undefined): Promise<ChatClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/webchat/socket?account=${encodeURIComponent(accountId)}`, origin === undefined ? {} : { origin });
  const frames: ChatFrame[] = [];
  socket.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as ChatFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = (predicate: (frame: ChatFrame) => boolean, timeout = 5_000) => vi.waitFor(() => {
    const found = frames.find(predicate);
    if (found === undefined) throw new Error(`no matching frame among ${JSON.stringify(frames)}`);
    return found;
  }, { timeout, interval: 10 });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, next, send: (frame) => socket.send(JSON.stringify(frame)), closed }));
    socket.once('error', reject);
  });
}

/** Opens a socket the server must refuse before the upgrade; returns the status and problem it answered with. */
export function chatRefusal(baseUrl: string, accountId: string, origin: string | undefined): Promise<SocketRefusal> {
  return socketRefusal(`${baseUrl.replace(/^http/, 'ws')}/webchat/socket?account=${encodeURIComponent(accountId)}`, origin === undefined ? {} : { origin });
}
