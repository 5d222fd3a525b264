import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A `rapport start` running in a child process. */
export interface SpawnedServer {
  /** Base URL the server printed, e.g. `http://127.0.0.1:41234`. */
  url: string;
  process: ChildProcess;
  /** SIGTERM: the graceful shutdown path; resolves when the process exited (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** SIGKILL, like a crash: nothing is flushed; resolves when the process is gone. */
  kill(): Promise<void>;
  /** What the process wrote so far (last 64 KB of stdout and stderr), for failure messages. */
  output(): string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runningLine = /Rapport is running at (\S+)/;
const startTimeoutMs = 30_000;
const keptOutputChars = 64 * 1024;
const children = new Set<ChildProcess>();
// A test runner that dies must not leave servers holding ports and database connections.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts `node bin/rapport.js start` with the given environment on top of a quiet default
 * (PORT=0 on 127.0.0.1, RAPPORT_DEMO=false, LOG_LEVEL=warn, a temporary RAPPORT_DATA_DIR unless one is given)
 * and resolves once it printed the URL it listens on; rejects with its output if it exits or hangs first.
 */
export async function spawnServer(env: Record<string, string>, args: readonly string[] = []): Promise<SpawnedServer> {
  const ownDataDir = env.RAPPORT_DATA_DIR === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-node-')) : undefined;
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/rapport.js'), 'start', ...args], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), TZ: 'UTC',
      PORT: '0', HOST: '127.0.0.1', RAPPORT_DEMO: 'false', LOG_LEVEL: 'warn',
      ...(ownDataDir === undefined ? {} : { RAPPORT_DATA_DIR: ownDataDir }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-keptOutputChars);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    children.delete(child);
    if (ownDataDir !== undefined) fs.rmSync(ownDataDir, { recursive: true, force: true });
    resolve();
  }));
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  const kill = async () => {
    if (!gone()) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (!gone()) child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  };

  try {
    const url = await waitForUrl(child, () => output);
    return { url, process: child, stop, kill, output: () => output };
  } catch (error) {
    await kill();
    throw error;
  }
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(`did not report its URL within ${startTimeoutMs} ms`), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const url = runningLine.exec(seen)?.[1];
      if (url === undefined) return;
      cleanup();
      resolve(url);
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited (code ${code ?? 'none'}, signal ${signal ?? 'none'}) before listening`);
    function fail(reason: string) {
      cleanup();
      reject(new Error(`rapport start ${reason}:\n${output()}`));
    }
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
