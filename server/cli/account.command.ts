import { Option, type Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { platforms, type Platform } from '../../common/enums.js';
import { systemActor } from '../features/auth/actor.js';
import { createChannelAccount, listChannelAccounts, presentAccounts } from '../features/channels/account.service.js';
import { printJson, printTable, selectWorkspace, withRuntime, workspaceOption } from './cli-support.js';

interface CreateAccountOptions {
  channel: Platform;
  handle: string;
  name?: string;
  platformAccountId?: string;
  credentialsJson?: Record<string, string>;
  allowedOrigins?: string[];
  workspace?: string;
}

/** `rapport account create|list`: channel accounts (one handle on one platform). */
export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description('Manage channel accounts (one handle on one platform)');

  account.command('create')
    .description('Connect a channel account; credentials are stored encrypted')
    .addOption(new Option('--channel <channel>', 'platform').choices(platforms).makeOptionMandatory())
    .requiredOption('--handle <handle>', 'the brand\'s handle, address or number on the platform, e.g. acmeair')
    .option('--name <name>', 'display name (default: the handle)')
    .option('--platform-account-id <id>', 'the platform\'s own id of the account')
    .option('--credentials-json <json>', 'platform credentials as a JSON object of strings, e.g. \'{"accessToken":"…"}\' (web chat: \'{"identitySecret":"…"}\')', parseCredentials)
    .option('--allowed-origins <origins>', 'web chat: comma-separated origins of the sites that embed the widget, e.g. https://www.acme.example,https://*.acme.example', parseList)
    .option(...workspaceOption)
    .action(async (options: CreateAccountOptions) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const row = await createChannelAccount(ctx, systemActor(workspace.id), {
          channel: options.channel, handle: options.handle,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.platformAccountId === undefined ? {} : { platformAccountId: options.platformAccountId }),
          ...(options.credentialsJson === undefined ? {} : { credentials: options.credentialsJson }),
          ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
        });
        console.log(`Connected ${row.platform} account @${row.handle} "${row.name}" in ${workspace.slug} (id ${row.id}${row.credentials === null ? '' : ', credentials encrypted'})`);
        if (row.platform === 'webchat') {
          const base = ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;
          console.log(`Paste on the brand's pages: <script src="${new URL('/webchat/widget.js', base).href}" data-account="${row.id}" async></script>`);
        }
      });
    });

  account.command('list')
    .description('List the channel accounts of a workspace (never their credentials)')
    .option(...workspaceOption)
    .option('--json', 'print JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const rows = await presentAccounts(ctx.db.kysely, await listChannelAccounts(ctx.db.kysely, workspace.id));
        if (options.json === true) return printJson(rows);
        printTable(rows.map((row) => ({
          channel: row.channel, handle: row.handle, name: row.name, id: row.id, credentials: row.hasCredentials ? 'yes' : 'no', health: row.health.status,
        })), `No channel accounts in ${workspace.slug}.`);
      });
    });
}

function parseList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function parseCredentials(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((item) => typeof item !== 'string')) {
    throw new InvalidArgumentError('expected a JSON object whose values are strings');
  }
  return parsed as Record<string, string>;
}
