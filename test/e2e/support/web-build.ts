import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const lockDir = path.join(os.tmpdir(), `rapport-web-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);

/**
 * Builds web/dist when it is missing or older than its sources (the same check as `npm start`); e2e files running
 * in parallel take turns through a lock directory so only one build writes at a time.
 */
export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (stat !== undefined && Date.now() - stat.mtimeMs > 120_000) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for another web build');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    execFileSync(process.execPath, [path.join(root, 'web/build-if-stale.js')], { cwd: root, stdio: 'pipe' });
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
