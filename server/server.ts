import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import type { Config, ProcessRole } from './config.js';
import { createRuntime, type Runtime } from './runtime.js';

/** A listening Rapport node. */
export interface RunningServer {
  runtime: Runtime;
  url: string;
  /** Stops taking requests, finishes in-flight work, closes connections. */
  stop(): Promise<void>;
}

/** Starts a node with the given roles: `web` serves HTTP and websockets, `worker` runs jobs and replays receipts. */
export async function startServer(config: Config, roles: readonly ProcessRole[] = config.roles): Promise<RunningServer> {
  const runtime = await createRuntime(config);
  const { logger } = runtime.ctx;
  if (roles.includes('worker')) await runtime.startWorker();
  if (!roles.includes('web')) {
    return { runtime, url: '', stop: () => runtime.close() };
  }
  const { app, state } = await buildApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  logger.info({ url, roles, database: runtime.ctx.db.dialect, queue: runtime.ctx.queue.driver, bus: runtime.ctx.bus.driver }, 'Rapport is listening');
  return {
    runtime,
    url,
    async stop() {
      state.shuttingDown = true;
      await app.close();
      await runtime.close();
    },
  };
}

/** Stops the server on SIGINT/SIGTERM, once, and exits when everything is closed. */
export function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.runtime.ctx.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.stop().then(() => process.exit(0), (error: unknown) => {
      server.runtime.ctx.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
