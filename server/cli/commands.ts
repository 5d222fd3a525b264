import type { Command } from 'commander';
import { registerAccountCommands } from './account.command.js';
import { registerAuditCommands } from './audit.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerImportCommand } from './import.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { registerStartCommand } from './start.command.js';
import { registerTrainCommand } from './train.command.js';
import { registerTriageCommand } from './triage.command.js';
import { registerTokenCommands } from './token.command.js';
import { registerUserCommands } from './user.command.js';
import { registerWorkspaceCommands } from './workspace.command.js';

/** Every subcommand of `rapport`; one line per command module. */
export const cliCommands: Array<(program: Command) => void> = [
  registerStartCommand,
  registerMigrateCommand,
  registerWorkspaceCommands,
  registerUserCommands,
  registerTokenCommands,
  registerAccountCommands,
  registerImportCommand,
  registerAuditCommands,
  registerDemoCommand,
  registerTriageCommand,
  registerTrainCommand,
];
