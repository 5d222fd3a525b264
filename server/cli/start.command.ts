import type { Command } from 'commander';
import { loadConfig, parseRoles, type Config, type ProcessRole } from '../config.js';
import type { NodeStartOptions } from '../features/demo/demo-node.js';
import { demoCredentialsFile } from '../features/demo/demo-credentials.js';
import { demoAdminEmail, type DemoSeedResult } from '../features/demo/demo-seed.js';
import { generatePassword } from './cli-support.js';

/**
 * `rapport start [--roles web,worker]`: runs a node (both roles by default). With RAPPORT_DEMO=true it seeds the demo
 * into an empty database and, while the demo is the only workspace, runs it live: platform fakes and simulated traffic.
 */
export function registerStartCommand(program: Command): void {
  program.command('start')
    .description('Start Rapport (HTTP + websocket + background worker); configuration comes from environment variables')
    .option('--roles <roles>', 'comma-separated roles of this node: web, worker')
    .action(async (options: { roles?: string }) => {
      const config = loadConfig();
      await runNode(config, options.roles === undefined ? config.roles : parseRoles(options.roles), 'auto');
    });
}

/** Starts a node, stops it on SIGINT/SIGTERM, and prints where it runs and how to sign in to the demo it seeded. */
export async function runNode(config: Config, roles: readonly ProcessRole[], demo: NodeStartOptions['demo']): Promise<void> {
  // Loaded here so the other commands do not pay for loading the HTTP stack.
  const { stopOnSignals } = await import('../server.js');
  const { startNode } = await import('../features/demo/demo-node.js');
  const { server, seeded, live } = await startNode(config, roles, { demo, adminPassword: generatePassword });
  stopOnSignals(server);
  if (server.url !== '') console.log(`Rapport is running at ${server.url}  (API docs: ${server.url}/api/docs)`);
  if (seeded !== undefined) {
    console.log(`Seeded the demo workspace "Acme Air"${demo === 'live' ? '' : ' (RAPPORT_DEMO=false turns this off)'}.`);
    console.log(`${demoLoginLine(config, server.url === '' ? `http://localhost:${config.port}` : server.url, seeded)}  (also in ${seeded.credentialsFile})`);
  }
  if (live !== undefined) {
    if (seeded === undefined) console.log(`Demo sign-in: ${demoAdminEmail}, with the password in ${demoCredentialsFile(config.dataDir)}`);
    const traffic = live.simulator === undefined ? 'no simulated traffic' : 'simulated customers writing in (RAPPORT_DEMO_TRAFFIC=off turns them off)';
    console.log(`Demo: local stand-ins for X, Facebook, Instagram, WhatsApp, LINE, Telegram and email on 127.0.0.1, ${traffic}.`);
    if (server.url !== '') console.log(`Try the web chat widget as a customer at ${server.url}/webchat/demo`);
  }
}

/** The line that tells a person how to sign in to the demo. */
export function demoLoginLine(config: Config, url: string, seeded: Pick<DemoSeedResult, 'adminEmail' | 'adminPassword'>): string {
  return `Log in at ${config.publicUrl ?? url} as ${seeded.adminEmail} / ${seeded.adminPassword}`;
}
