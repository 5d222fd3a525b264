import fs from 'node:fs';
import path from 'node:path';

/** Where the demo's admin credentials are kept, readable by the owner only. */
export function demoCredentialsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-credentials.txt');
}

/** Writes the demo admin's email and password to the data directory with mode 600; returns the file's path. */
export async function writeDemoCredentials(dataDir: string, credentials: { email: string; password: string }): Promise<string> {
  const file = demoCredentialsFile(dataDir);
  await fs.promises.mkdir(dataDir, { recursive: true });
  const text = `Rapport demo workspace (Acme Air)\nemail: ${credentials.email}\npassword: ${credentials.password}\n`;
  // A mode only applies when a file is created, so an old file is removed rather than overwritten.
  await fs.promises.rm(file, { force: true });
  await fs.promises.writeFile(file, text, { mode: 0o600, flag: 'wx' });
  return file;
}
