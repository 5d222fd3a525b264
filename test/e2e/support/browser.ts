import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, which the e2e suite drives (CI installs it with apt-get when missing). */
export const chromiumPath = process.env.RAPPORT_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser is installed; the e2e suite is skipped (with a message) when it is not. */
export const hasChromium = fs.existsSync(chromiumPath);

if (!hasChromium) {
  console.warn(`[e2e] Skipping the browser tests: ${chromiumPath} is missing. Install it with "apt-get update && apt-get install -y chromium".`);
}

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A fresh Chromium profile with one page at 1280×800, and what the page reported that a test must fail on. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every JavaScript dialog (alert, confirm, prompt) the page opened: hostile content must never open one. */
  dialogs: string[];
  /** Uncaught page errors and Content-Security-Policy violations. */
  problems: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a new user-data-dir and opens one page. */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC',
  });
  const page = context.pages()[0] ?? await context.newPage();
  const dialogs: string[] = [];
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return {
    context, page, dialogs, problems,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
