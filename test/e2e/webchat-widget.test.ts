import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../helpers/app.js';
import { hasChromium, launchBrowser, type BrowserSession } from './support/browser.js';

interface MessageView { id: string; text: string; direction: string; deliveryStatus: string }

/** The brand's own site: a static page on another origin with nothing but the one script tag. */
function brandPage(rapportUrl: string, accountId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Brand Air – Manage booking</title></head>
<body><main><h1>Manage your booking</h1><p>Questions? Chat with us.</p></main>
<script src="${rapportUrl}/webchat/widget.js" data-account="${accountId}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('the web chat widget on a brand\'s page in Chromium', () => {
  let t: TestApp;
  let workspace: SeededWorkspace;
  let rapportUrl: string;
  let site: http.Server;
  let siteUrl: string;
  let accountId: string;
  let browser: BrowserSession;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    workspace = await seedWorkspace(t.runtime);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    rapportUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    let page = '';
    site = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const created = await t.app.inject({
      method: 'POST', url: `/api/v1/workspaces/${workspace.slug}/accounts`, headers: bearer(workspace.token),
      payload: { channel: 'webchat', handle: 'brand-site', name: 'Brand Air', allowedOrigins: [siteUrl] },
    });
    expect(created.statusCode, created.body).toBe(201);
    accountId = created.json<{ id: string }>().id;
    page = brandPage(rapportUrl, accountId);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  const api = async <T>(url: string): Promise<T> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${workspace.slug}${url}`, headers: bearer(workspace.token) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const conversationIds = async () => (await api<{ items: Array<{ id: string }> }>(`/conversations?accountId=${accountId}`)).items.map((item) => item.id);
  const thread = async (id: string) => (await api<{ messages: MessageView[] }>(`/conversations/${id}`)).messages;

  it('takes a visitor\'s message into Rapport and shows the agent\'s reply, as text, on the page', async () => {
    const { page } = browser;
    await page.goto(siteUrl);
    const launcher = page.getByRole('button', { name: /Chat with us/ });
    await launcher.click();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('heading', { name: 'Chat with Brand Air' }).waitFor({ timeout: 10_000 });

    const box = page.getByLabel('Your message');
    await box.fill('My flight AX12 was cancelled <img src=x onerror=alert(1)>');
    await box.press('Enter');
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByText('Sent', { exact: true }).waitFor({ timeout: 10_000 });

    const conversationId = await vi.waitFor(async () => {
      const [id] = await conversationIds();
      if (id === undefined) throw new Error('no conversation yet');
      return id;
    }, { timeout: 10_000, interval: 50 });
    expect(await thread(conversationId)).toMatchObject([{ direction: 'inbound', text: 'My flight AX12 was cancelled <img src=x onerror=alert(1)>' }]);

    const reply = await t.app.inject({
      method: 'POST', url: `/api/v1/workspaces/${workspace.slug}/conversations/${conversationId}/replies`, headers: bearer(workspace.token),
      payload: { text: 'Sorry about that! <b>Rebooked</b> you on AX14 <script>alert(2)</script>' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const replyId = reply.json<MessageView>().id;
    await log.getByText('Sorry about that! <b>Rebooked</b> you on AX14 <script>alert(2)</script>').waitFor({ timeout: 10_000 });
    // Shown as text: no element came out of anyone's message, and no script ran.
    expect(await page.locator('#rapport-chat li img, #rapport-chat li b, #rapport-chat li script').count()).toBe(0);
    expect(browser.dialogs).toEqual([]);
    expect(browser.problems).toEqual([]);

    // The panel is open and the page visible: the reply is delivered, then read.
    await expect.poll(async () => (await thread(conversationId)).find((message) => message.id === replyId)?.deliveryStatus, { timeout: 10_000 }).toBe('read');

    // A reload reconnects as the same visitor and shows the conversation again.
    await page.reload();
    await page.getByRole('button', { name: /Chat with us/ }).click();
    await page.getByRole('log', { name: 'Conversation' }).getByText('Sorry about that!', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await conversationIds()).toEqual([conversationId]);
  });
});
