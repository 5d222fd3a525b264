import { Option, type Command } from 'commander';
import { roles, type Role } from '../../common/enums.js';
import { systemActor } from '../features/auth/actor.js';
import { createUser, findUserByEmail, listMembers, presentUser } from '../features/auth/user.service.js';
import { AppError } from '../http/app-error.js';
import { generatePassword, printJson, printTable, readStdin, selectWorkspace, withRuntime, workspaceOption } from './cli-support.js';

interface CreateUserOptions {
  email: string;
  name: string;
  password?: string;
  passwordStdin?: boolean;
  role: Role;
  workspace?: string;
}

/** `rapport user create|list`. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage the users of a workspace');

  user.command('create')
    .description('Create a user in a workspace (or add an existing one with another role); prints a generated password when none is given')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .option('--password <password>', 'password (prefer --password-stdin: arguments show up in process lists and shell history)')
    .option('--password-stdin', 'read the password from standard input')
    .addOption(new Option('--role <role>', 'role in the workspace').choices(roles).default('agent'))
    .option(...workspaceOption)
    .action(async (options: CreateUserOptions) => {
      const given = await givenPassword(options);
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        // Adding an existing user to another workspace keeps their password unless a new one is given.
        const existing = await findUserByEmail(ctx.db.kysely, options.email);
        const generated = given === undefined && existing === undefined ? generatePassword() : undefined;
        const password = given ?? generated;
        const row = await createUser(ctx, systemActor(workspace.id), { email: options.email, name: options.name, role: options.role, ...(password === undefined ? {} : { password }) });
        console.log(`${existing === undefined ? 'User' : 'Existing user'} ${row.email} (${row.name}) is ${row.role} in ${workspace.slug} (id ${row.id})`);
        if (generated !== undefined) console.log(`Password: ${generated}\n(shown once; store it now)`);
        else if (existing !== undefined && given === undefined) console.log('Password unchanged.');
      });
    });

  user.command('list')
    .description('List the members of a workspace')
    .option(...workspaceOption)
    .option('--json', 'print JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      await withRuntime(async ({ ctx }) => {
        const workspace = await selectWorkspace(ctx.db.kysely, options.workspace);
        const rows = (await listMembers(ctx.db.kysely, workspace.id)).map((row) => presentUser(row, row.role));
        if (options.json === true) return printJson(rows);
        printTable(rows.map((row) => ({ email: row.email, name: row.name, role: row.role ?? '', id: row.id })), `No users in ${workspace.slug} yet.`);
      });
    });
}

/** The password given on the command line or standard input, if any. */
async function givenPassword(options: CreateUserOptions): Promise<string | undefined> {
  if (options.password !== undefined && options.passwordStdin === true) {
    throw new AppError('VALIDATION_FAILED', 'Give --password or --password-stdin, not both', [{ path: '--password', message: 'conflicts with --password-stdin' }]);
  }
  if (options.passwordStdin === true) return (await readStdin()).replace(/\r?\n$/, '');
  return options.password;
}
