import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('rapport account create --channel webchat', { timeout: 120_000 }, () => {
  let dataDir: string;
  const rapport = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_DEMO: 'false', RAPPORT_PUBLIC_URL: 'https://care.brand.example' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.RAPPORT_SECRET_KEY;
    execFile(process.execPath, ['bin/rapport.js', ...args], { cwd: root, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-webchat-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('connects a web chat account with its allowed origins and identity secret, and prints the script tag', async () => {
    expect((await rapport('workspace', 'create', '--slug', 'brand', '--name', 'Brand')).code).toBe(0);
    const missing = await rapport('account', 'create', '--channel', 'webchat', '--handle', 'site');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('allowedOrigins');

    const created = await rapport('account', 'create', '--channel', 'webchat', '--handle', 'site', '--name', 'Brand',
      '--allowed-origins', 'https://www.brand.example, https://*.brand.example', '--credentials-json', '{"identitySecret":"0123456789abcdef0123"}');
    expect(created.code, created.stderr).toBe(0);
    const id = /\(id (\w+), credentials encrypted\)/.exec(created.stdout)?.[1];
    expect(created.stdout).toContain(`<script src="https://care.brand.example/webchat/widget.js" data-account="${id}" async></script>`);

    const listed = await rapport('account', 'list', '--json');
    const accounts = JSON.parse(listed.stdout) as Array<{ id: string; hasCredentials: boolean; allowedOrigins?: string[] }>;
    expect(accounts.find((account) => account.id === id)).toMatchObject({ hasCredentials: true, allowedOrigins: ['https://www.brand.example', 'https://*.brand.example'] });
  });
});
