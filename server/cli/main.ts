import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { ImportFailedError } from '../features/imports/import.service.js';
import { AppError } from '../http/app-error.js';
import { MigrationError } from '../infra/db/migrate.js';
import { cliCommands } from './commands.js';

/** The `rapport` command line: one binary, subcommands registered from cli/commands.ts. */
const program = new Command('rapport')
  .description('Rapport: self-hosted social customer care hub')
  .showHelpAfterError()
  .exitOverride();

for (const register of cliCommands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error);
}

function reportCliError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 2;
  }
  if (error instanceof AppError) {
    const fields = error.fields.map((field) => `\n  ${field.path}: ${field.message}`).join('');
    console.error(`error: ${error.message}${fields}`);
    return 1;
  }
  if (error instanceof z.ZodError) {
    console.error(`error: invalid input\n${z.prettifyError(error)}`);
    return 1;
  }
  if (error instanceof ImportFailedError || error instanceof MigrationError || isFileError(error)) {
    console.error(`error: ${error.message}`);
    return 1;
  }
  console.error(error);
  return 1;
}

/** A missing or unreadable file named on the command line: the message says which, no stack needed. */
function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
}
