import type { Command } from 'commander';
import { verifyAuditChains } from '../features/audit/audit.service.js';
import { listWorkspaces } from '../features/workspaces/workspace.service.js';
import { withRuntime } from './cli-support.js';

/** `rapport audit verify`: recomputes every workspace's hash chain; exits 1 when one is broken. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Inspect the append-only audit log');

  audit.command('verify')
    .description('Check every workspace\'s audit chain for edited, inserted or removed entries (exit code 1 if any)')
    .action(async () => {
      const allOk = await withRuntime(async ({ ctx }) => {
        const slugs = new Map((await listWorkspaces(ctx.db.kysely)).map((workspace) => [workspace.id, workspace.slug]));
        const results = await verifyAuditChains(ctx.db);
        if (results.length === 0) console.log('No audit entries yet.');
        for (const result of results) {
          const name = slugs.get(result.workspaceId) ?? `${result.workspaceId} (workspace deleted)`;
          if (result.ok) {
            console.log(`${name}: ok (${result.entries} entries)`);
            continue;
          }
          const where = result.problem?.seq === null || result.problem === undefined ? 'at the end of the chain' : `at entry #${result.problem.seq}`;
          console.log(`${name}: BROKEN ${where}: ${result.problem?.reason ?? 'unknown'}`);
        }
        return results.every((result) => result.ok);
      });
      if (!allOk) process.exitCode = 1;
    });
}
