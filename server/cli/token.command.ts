import { Option, type Command } from 'commander';
import { roles, type Role } from '../../common/enums.js';
import { systemActor } from '../features/auth/actor.js';
import type { Permission } from '../features/auth/permissions.js';
import { createToken, listTokens, presentToken, revokeToken } from '../features/auth/token.service.js';
import { formatInstant, parseList, parsePositiveInt, printJson, printTable, selectWorkspace, withRuntime, workspaceOption } from './cli-support.js';

interface CreateTokenOptions {
  name: string;
  role: Role;
  scopes?: string[];
  expiresInDays?: number;
  workspace?: string;
}

/** `rapport token create|list|revoke`. */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('Manage API tokens of a workspace');

  token.command('create')
    .description('Create an API token; its secret is printed once')
    .requiredOption('--name <name>', 'what the token is for, e.g. "crm sync"')
    .addOption(new Option('--role <role>', 'role the token acts with').choices(roles).default('agent'))
    .option('--scopes <scopes>', 'comma-separated permissions to limit the token to, e.g. inbound:write,conversations:read', parseList)
    .option('--expires-in-days <days>', 'expire the token after this many days', parsePositiveInt)
    .option(...workspaceOption)
    .action(async (options: CreateTokenOptions) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const created = await createToken(ctx, systemActor(workspace.id), {
          name: options.name, role: options.role,
          ...(options.scopes === undefined ? {} : { scopes: options.scopes as Permission[] }),
          ...(options.expiresInDays === undefined ? {} : { expiresInDays: options.expiresInDays }),
        });
        const view = presentToken(created.row);
        console.log(`Token ${view.id} "${view.name}" (${view.role}${view.scopes === null ? '' : `, scopes ${view.scopes.join(',')}`}) in ${workspace.slug}, expires ${view.expiresAt ?? 'never'}`);
        console.log(`Secret (shown once; send it as "Authorization: Bearer <secret>"):\n${created.token}`);
      });
    });

  token.command('list')
    .description('List the API tokens of a workspace (never their secrets)')
    .option(...workspaceOption)
    .option('--json', 'print JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const rows = await listTokens(ctx.db.kysely, workspace.id);
        if (options.json === true) return printJson(rows.map(presentToken));
        printTable(rows.map((row) => {
          const view = presentToken(row);
          return {
            id: view.id, name: view.name, prefix: view.prefix, role: view.role, scopes: view.scopes?.join(',') ?? 'all',
            expires: formatInstant(row.expires_at), lastUsed: formatInstant(row.last_used_at), revoked: formatInstant(row.revoked_at),
          };
        }), `No API tokens in ${workspace.slug}.`);
      });
    });

  token.command('revoke')
    .description('Revoke an API token; requests with it fail from now on')
    .argument('<id>', 'token id (see rapport token list)')
    .option(...workspaceOption)
    .action(async (id: string, options: { workspace?: string }) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const row = await revokeToken(ctx, systemActor(workspace.id), id);
        console.log(`Token ${row.id} "${row.name}" is revoked (since ${formatInstant(row.revoked_at)})`);
      });
    });
}
