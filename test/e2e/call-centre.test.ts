import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, signIn, type BrowserSession } from './support/browser.js';
import { startE2eServer, type E2eServer } from './support/server.js';

describe.skipIf(!hasChromium)('a recorded phone call in the thread in Chromium', () => {
  let server: E2eServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startE2eServer();
    const api = (path: string, body: unknown) => fetch(`${server.url}/api/v1/workspaces/${server.workspace.slug}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.workspace.token}` }, body: JSON.stringify(body),
    });
    expect((await api('/accounts', { channel: 'phone', handle: '+442079460123', name: 'Contact centre' })).status).toBe(201);
    const recorded = await api('/calls', {
      callId: 'pbx-e2e-1', account: '+442079460123', callerNumber: '+44 7700 900111', direction: 'inbound', startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      durationSeconds: 312, disposition: 'answered', agent: server.workspace.adminEmail, contact: { name: 'Patrick Doyle' },
      notes: 'Rebooked onto AX204. <img src=x onerror=alert(1)> <b>VIP</b>', recordingUrl: 'https://pbx.acme.example/recordings/pbx-e2e-1.mp3',
    });
    expect(recorded.status).toBe(202);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the call the way a phone log does, notes as text and the recording behind a safe link', async () => {
    const { page } = browser;
    await signIn(page, server.url, server.workspace.adminEmail, server.workspace.password);
    const call = page.locator('.message [data-testid="call"]');
    await call.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('#conversation-title').textContent()).toContain('Patrick Doyle');

    expect(await page.locator('.message .message-kind').first().textContent()).toBe('Call');
    expect(await call.locator('.call-line strong').textContent()).toBe('Inbound call');
    expect(await call.getByTestId('call-disposition').textContent()).toBe('Answered');
    expect(await call.getByTestId('call-duration').textContent()).toBe('5:12');
    expect(await call.getByTestId('call-agent').textContent()).toBe('Ada Admin');
    expect(await call.textContent()).toContain('+447700900111');
    // Notes are text: the markup shows literally and never runs.
    expect(await call.getByTestId('call-notes').textContent()).toBe('Rebooked onto AX204. <img src=x onerror=alert(1)> <b>VIP</b>');
    expect(await call.locator('img, b').count()).toBe(0);
    const recording = call.getByRole('link', { name: 'Listen to the recording' });
    expect(await recording.getAttribute('href')).toBe('https://pbx.acme.example/recordings/pbx-e2e-1.mp3');
    expect(await recording.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await recording.getAttribute('target')).toBe('_blank');
    // A call is not answered in writing: no delivery status, and the composer offers notes.
    expect(await page.locator('.message [data-testid="delivery-status"]').count()).toBe(0);
    expect(browser.dialogs).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
