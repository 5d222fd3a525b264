import type { Command } from 'commander';
import { createWorkspace, listWorkspaces, presentWorkspace } from '../features/workspaces/workspace.service.js';
import { printJson, printTable, withRuntime } from './cli-support.js';

/** `rapport workspace create|list`. */
export function registerWorkspaceCommands(program: Command): void {
  const workspace = program.command('workspace').description('Manage workspaces (one per brand)');

  workspace.command('create')
    .description('Create a workspace')
    .requiredOption('--slug <slug>', 'URL-safe short name, e.g. acme')
    .requiredOption('--name <name>', 'display name, e.g. "Acme Air"')
    .option('--time-zone <zone>', 'IANA time zone of the brand', 'UTC')
    .action(async (options: { slug: string; name: string; timeZone: string }) => {
      await withRuntime(async ({ ctx }) => {
        const row = await createWorkspace(ctx, { slug: options.slug, name: options.name, timeZone: options.timeZone }, { type: 'system', id: null, userId: null });
        console.log(`Created workspace ${row.slug} "${row.name}" (id ${row.id}, time zone ${row.time_zone})`);
      });
    });

  workspace.command('list')
    .description('List every workspace')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async ({ ctx }) => {
        const rows = (await listWorkspaces(ctx.db.kysely)).map(presentWorkspace);
        if (options.json === true) return printJson(rows);
        printTable(rows.map((row) => ({ slug: row.slug, name: row.name, timeZone: row.timeZone, id: row.id, created: row.createdAt })), 'No workspaces yet.');
      });
    });
}
