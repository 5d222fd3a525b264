import { WebSocket, type ClientOptions } from 'ws';

/** What a server answered instead of upgrading to a WebSocket: the HTTP status and its problem document. */
export interface SocketRefusal {
  status: number;
  body: { code?: string; detail?: string; title?: string };
}

/** Opens a socket that the server must refuse before the upgrade, and returns the status and problem it answered with. */
export function socketRefusal(url: string, options: ClientOptions & { protocols?: string[] } = {}): Promise<SocketRefusal> {
  const socket = new WebSocket(url, options.protocols ?? [], options);
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: body === '' ? {} : JSON.parse(body) as SocketRefusal['body'] }));
    });
  });
}
