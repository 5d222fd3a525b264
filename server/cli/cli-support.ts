import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import type { Executor } from '../app-context.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../http/app-error.js';
import type { WorkspaceRow } from '../infra/db/schema.js';
import { createLogger } from '../infra/logger.js';
import { getWorkspace, listWorkspaces } from '../features/workspaces/workspace.service.js';
import { createRuntime, type Runtime } from '../runtime.js';

/** The option every workspace-scoped command takes. */
export const workspaceOption = ['--workspace <slug-or-id>', 'workspace to act in (default: the only one there is)'] as const;

/**
 * Log level of a one-shot command: what LOG_LEVEL says, else `warn`, so routine logs of the runtime
 * (they go to stdout) do not mix with what the command prints.
 */
export function commandLogLevel(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  return env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? 'warn' : config.logLevel;
}

/** Runs a command against the configured database and closes everything afterwards, so the process exits. */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const runtime = await createRuntime(config, { logger: createLogger(commandLogLevel(config)) });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** The workspace a command works in: the one named by --workspace, or the only one there is. */
export async function selectWorkspace(db: Executor, idOrSlug: string | undefined): Promise<WorkspaceRow> {
  if (idOrSlug !== undefined) return getWorkspace(db, idOrSlug);
  const workspaces = await listWorkspaces(db);
  const [only] = workspaces;
  if (workspaces.length === 1 && only !== undefined) return only;
  if (workspaces.length === 0) throw new AppError('NOT_FOUND', 'There is no workspace yet; create one with: rapport workspace create --slug <slug> --name <name>');
  const slugs = workspaces.map((workspace) => workspace.slug).join(', ');
  throw new AppError('VALIDATION_FAILED', `There are ${workspaces.length} workspaces (${slugs}); choose one with --workspace <slug>`, [{ path: '--workspace', message: 'required when there is more than one workspace' }]);
}

/** A strong random password for accounts created without one (24 characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Commander parser of a positive whole number option. */
export function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
}

/** Commander parser of a comma-separated list. */
export function parseList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** Reads all of standard input (for secrets piped in rather than typed on the command line). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** An instant as the command line shows it (UTC, to the second), or `-`. */
export function formatInstant(millis: number | null | undefined): string {
  return millis === null || millis === undefined ? '-' : new Date(Number(millis)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Prints rows as aligned columns under a header, or a note when there are none. */
export function printTable(rows: ReadonlyArray<Record<string, string>>, empty: string): void {
  const [first] = rows;
  if (first === undefined) {
    console.log(empty);
    return;
  }
  const columns = Object.keys(first);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  console.log(line(columns.map((column) => column.toUpperCase())));
  for (const row of rows) console.log(line(columns.map((column) => row[column] ?? '')));
}

/** Prints a value as indented JSON (for `--json`). */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
