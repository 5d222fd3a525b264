import type { Config, ProcessRole } from '../../config.js';
import { AppError } from '../../http/app-error.js';
import { createRuntime } from '../../runtime.js';
import { startServer, type RunningServer } from '../../server.js';
import { findWorkspace, listWorkspaces } from '../workspaces/workspace.service.js';
import { demoWorkspaceSlug, seedDemoWorkspace, type DemoSeedResult } from './demo-seed.js';
import { demoConfig, startDemoFakes } from './live/demo-fakes.js';
import { runDemoLive, type DemoLive } from './live/demo-live.js';
import type { TrafficOptions } from './simulator/traffic.simulator.js';

/** How a node starts with respect to the demo. */
export interface NodeStartOptions {
  /** `auto` (rapport start): seed an empty database when RAPPORT_DEMO=true and run live while the demo is the only workspace; `live` (rapport demo --live): seed the demo if missing and run it live. */
  demo?: 'auto' | 'live';
  /** The demo admin's password, when the demo is seeded. */
  adminPassword: () => string;
  /** The traffic's pace and bounds (tests speed it up); RAPPORT_DEMO_TRAFFIC=off turns the traffic off whatever this says. */
  traffic?: TrafficOptions;
  /** The environment the configuration was read from: a channel URL set there is not pointed at a fake (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A started node: its server, the demo it seeded (if it did), and the live demo (if it runs). */
export interface StartedNode {
  server: RunningServer;
  seeded: DemoSeedResult | undefined;
  live: DemoLive | undefined;
}

/**
 * Starts a node as `rapport start` does. When the demo runs live, the platform fakes start first (on 127.0.0.1) and
 * the node's configuration points the channel APIs at them (a base URL set in the environment is kept); once the
 * server listens, the traffic simulator pushes conversations through its webhook endpoints. Stopping the server stops
 * the simulator and the fakes too.
 */
export async function startNode(config: Config, roles: readonly ProcessRole[], options: NodeStartOptions): Promise<StartedNode> {
  const mode = options.demo ?? 'auto';
  const demo = mode === 'live' || config.seedDemo ? await prepareDemo(config, { live: mode === 'live', adminPassword: options.adminPassword }) : undefined;
  if (demo?.live !== true) return { server: await startServer(config, roles), seeded: demo?.seeded, live: undefined };

  const fakes = await startDemoFakes();
  let server: RunningServer | undefined;
  try {
    server = await startServer(await demoConfig(config, fakes, options.env), roles);
    const live = await runDemoLive(server, fakes, { traffic: config.demoTraffic ? options.traffic ?? {} : undefined });
    return { server: live.server, seeded: demo.seeded, live };
  } catch (error) {
    await server?.stop();
    await fakes.close();
    throw error;
  }
}

/**
 * Seeds the demo before the server starts (into an empty database, or when asked to run it live and it is missing) and
 * decides whether it runs live: when asked to, or while it is the database's only workspace, so a deployment that has
 * moved on to real workspaces never has its channel APIs pointed at the fakes.
 */
async function prepareDemo(config: Config, options: { live: boolean; adminPassword: () => string }): Promise<{ seeded: DemoSeedResult | undefined; live: boolean }> {
  const runtime = await createRuntime(config);
  try {
    const workspaces = await listWorkspaces(runtime.ctx.db.kysely);
    const missing = options.live ? await findWorkspace(runtime.ctx.db.kysely, demoWorkspaceSlug) === undefined : workspaces.length === 0;
    let seeded: DemoSeedResult | undefined;
    if (missing) {
      runtime.ctx.logger.info('seeding the demo workspace');
      seeded = await seedDemoWorkspace(runtime.ctx, runtime.ingest, { adminPassword: options.adminPassword() }).catch(ignoreRaceToSeed);
    }
    const now = await listWorkspaces(runtime.ctx.db.kysely);
    return { seeded, live: options.live || (now.length > 0 && now.every((workspace) => workspace.slug === demoWorkspaceSlug)) };
  } finally {
    await runtime.close();
  }
}

/** Another node sharing the database seeded the demo first: fine. */
function ignoreRaceToSeed(error: unknown): undefined {
  if (error instanceof AppError && error.code === 'DUPLICATE' && error.fields.some((field) => field.path === 'slug')) return undefined;
  throw error;
}
