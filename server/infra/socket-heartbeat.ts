import type { WebSocket } from 'ws';

/** A server-side socket watched by a heartbeat: `alive` is whether it answered the last ping. */
export interface Heartbeating {
  connection: { socket: WebSocket };
  alive: boolean;
}

/** Marks the member alive on every pong of its socket. */
export function watchPongs(member: Heartbeating): void {
  member.connection.socket.on('pong', () => {
    member.alive = true;
  });
}

/**
 * One heartbeat over a hub's sockets: a socket that missed the previous ping leaves (`leave`) and is cut; every other
 * open socket is pinged and must answer before the next beat.
 */
export function beat<M extends Heartbeating>(members: Iterable<M>, leave: (member: M) => void): void {
  for (const member of members) {
    const { socket } = member.connection;
    if (!member.alive) {
      leave(member);
      socket.terminate();
      continue;
    }
    member.alive = false;
    if (socket.readyState === socket.OPEN) socket.ping();
  }
}
