import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { seedDemoWorkspace, type DemoSeedResult } from '../features/demo/demo-seed.js';
import type { Runtime } from '../runtime.js';
import { generatePassword, withRuntime } from './cli-support.js';
import { demoLoginLine, runNode } from './start.command.js';

/** `rapport demo [--live]`: seeds the demo workspace "Acme Air"; with --live, starts Rapport with the demo running live. */
export function registerDemoCommand(program: Command): void {
  program.command('demo')
    .description('Seed the demo workspace "Acme Air" (staff, queues, an account per channel, about sixty conversations) and print how to sign in')
    .option('--live', 'then start Rapport with local platform fakes and simulated customers writing in (seeds the demo only if it is missing)')
    .action(async (options: { live?: boolean }) => {
      if (options.live === true) {
        const config = loadConfig();
        await runNode(config, config.roles, 'live');
        return;
      }
      await withRuntime(async (runtime) => {
        const seeded = await seedDemo(runtime);
        console.log(`Seeded the demo workspace "Acme Air" (slug demo) with ${seeded.conversations} conversations.`);
        console.log(`${demoLoginLine(runtime.ctx.config, defaultUrl(runtime.ctx.config), seeded)}  (once the server runs: rapport start, or rapport demo --live)`);
        console.log(`The password is also in ${seeded.credentialsFile} (readable by you only).`);
      });
    });
}

/** Seeds the demo with a freshly generated admin password. */
export async function seedDemo(runtime: Runtime): Promise<DemoSeedResult> {
  return seedDemoWorkspace(runtime.ctx, runtime.ingest, { adminPassword: generatePassword() });
}

function defaultUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
