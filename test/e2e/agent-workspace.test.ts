import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, signIn, type BrowserSession } from './support/browser.js';
import { startE2eServer, xMention, type E2eServer } from './support/server.js';

const customer = { id: 'x-user-1', handle: 'jane_traveller', name: 'Jane Traveller' };

describe.skipIf(!hasChromium)('the agent workspace in Chromium', () => {
  let server: E2eServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in and shows an inbound message live, without reloading the page', async () => {
    const { page } = browser;
    await signIn(page, server.url, server.workspace.adminEmail, server.workspace.password);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live' }).count(), { timeout: 10_000 }).toBe(1);
    await page.evaluate(() => { (globalThis as unknown as { marker: string }).marker = 'no reload'; });

    await server.inbound([xMention('tweet-1', 'My flight AX100 was cancelled and nobody answers. I need a refund for the zebrafinch trip.', customer)]);

    const row = page.locator('.row', { hasText: customer.name });
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('no reload');
    await expect.poll(() => row.textContent()).toContain('zebrafinch');
  });

  it('opens the conversation, replies, and shows the delivery status change', async () => {
    const { page } = browser;
    await page.locator('.row', { hasText: customer.name }).click();
    await page.locator('.message.inbound', { hasText: 'zebrafinch' }).waitFor();

    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.locator('#composer-text').fill('Sorry Jane, we are on it: the refund is being processed now.');
    await page.getByRole('button', { name: 'Send reply' }).click();

    const reply = page.locator('.message.outbound', { hasText: 'refund is being processed' });
    await reply.waitFor();
    await expect.poll(() => reply.getByTestId('delivery-status').textContent(), { timeout: 10_000 }).toContain('Sent');

    const messageId = await reply.getAttribute('data-message-id');
    await server.inbound([{ kind: 'status', channel: 'x', account: 'acme', platformMessageId: `recorded-${messageId ?? ''}`, status: 'delivered', at: new Date().toISOString() }]);
    await expect.poll(() => reply.getByTestId('delivery-status').textContent(), { timeout: 10_000 }).toContain('Delivered');
  });

  it('adds an internal note with an @mention', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Internal note' }).click();
    await page.locator('#composer-text').fill('Checked the booking, refund approved. @admin please confirm.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('.note', { hasText: 'refund approved' });
    await note.waitFor();
    expect(await note.locator('.mention').textContent()).toBe('@admin');
  });

  it('assigns and resolves the conversation with the keyboard', async () => {
    const { page } = browser;
    await page.locator('.thread').click();
    await page.keyboard.press('a');
    expect(await page.locator(':focus').getAttribute('id')).toBe('conversation-assignee');
    await page.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Ada Admin (me)' });
    await page.locator('.row', { hasText: customer.name }).locator('.assignee', { hasText: 'Ada' }).waitFor();

    await page.locator('.thread').click();
    await page.keyboard.press('e');
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('resolved');
    // The default view shows open and pending work: the resolved conversation leaves it at once.
    await expect.poll(() => page.locator('.row', { hasText: customer.name }).count()).toBe(0);
  });

  it('finds the resolved conversation again by searching', async () => {
    const { page } = browser;
    await page.getByLabel('Status filter').selectOption({ label: 'Any status' });
    await page.locator('.thread').click();
    await page.keyboard.press('/');
    expect(await page.locator(':focus').getAttribute('id')).toBe('inbox-search');
    await page.keyboard.type('zebrafinch');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('zebrafinch');
    await expect.poll(() => page.locator('.row').count()).toBe(1);
    expect(await page.locator('.row').textContent()).toContain(customer.name);
  });

  it('counts the conversation on the dashboard', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('stat-inbound-messages').textContent(), { timeout: 15_000 }).toBe('1');
    expect(await page.getByTestId('stat-resolved').textContent()).toBe('1');
    expect(await page.getByTestId('stat-conversations-started').textContent()).toBe('1');
    await page.locator('.chart canvas').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv.split('\r\n')[0]).toBe('dataset,dimension,series,value');
    expect(csv).toContain('totals,inbound messages,,1');
    expect(csv).toContain('totals,resolved,,1');
  });

  it('shows hostile markup as harmless text', async () => {
    const { page } = browser;
    const hostile = [
      '<script>alert("xss-script")</script>',
      '<img src=x onerror="alert(\'xss-img\')">',
      '<a href="javascript:alert(\'xss-anchor\')">click me</a>',
      'javascript:alert("xss-bare")',
      '<svg onload=alert("xss-svg")>',
      'and a real link https://example.com/help',
    ].join(' ');
    const attacker = { id: 'x-user-2', handle: 'mallory', name: 'Mallory <b onmouseover=alert(1)>' };
    await page.getByRole('link', { name: 'Inbox' }).click();
    await server.inbound([xMention('tweet-hostile', hostile, attacker)]);
    const row = page.locator('.row', { hasText: 'Mallory' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();

    const message = page.locator('.message.inbound', { hasText: 'xss-script' });
    await message.waitFor();
    const shown = await message.locator('.message-text').textContent();
    expect(shown).toContain('<script>alert("xss-script")</script>');
    expect(shown).toContain('<img src=x onerror="alert(\'xss-img\')">');
    expect(shown).toContain('javascript:alert("xss-bare")');
    await page.locator('.row').first().hover();
    await message.hover();
    await page.waitForTimeout(300);

    expect(browser.dialogs).toEqual([]);
    expect(await page.locator('.thread script, .thread img, .thread svg, .thread [onerror], .thread [onload]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    const links = message.locator('.message-text a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/help');
    expect(await links.getAttribute('rel')).toContain('noopener');
    expect(await page.locator('h1', { hasText: 'Mallory <b onmouseover=alert(1)>' }).count()).toBe(1);
    expect(browser.problems).toEqual([]);
  });
  it('lets a member of several workspaces pick one at sign-in and switch between them', async () => {
    const { page } = browser;
    const me = await (await page.request.get(`${server.url}/api/v1/me`)).json() as { csrfToken: string };
    const created = await page.request.post(`${server.url}/api/v1/workspaces`, {
      headers: { 'x-csrf-token': me.csrfToken }, data: { slug: `${server.workspace.slug}-eu`, name: 'Brand Europe', timeZone: 'Europe/Paris' },
    });
    expect(created.status()).toBe(201);
    const refused = await page.request.post(`${server.url}/api/v1/workspaces`, { data: { slug: 'no-csrf', name: 'No CSRF' } });
    expect(refused.status()).toBe(403);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, server.url, server.workspace.adminEmail, server.workspace.password);
    await page.getByRole('heading', { name: 'Choose a workspace' }).waitFor();
    await page.getByRole('link', { name: /Brand Europe/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/w/${server.workspace.slug}-eu/inbox`);
    await page.getByText('Nothing here.').waitFor();

    await page.getByLabel('Workspace').selectOption({ label: `Brand ${server.workspace.slug}` });
    await expect.poll(() => new URL(page.url()).pathname.startsWith(`/w/${server.workspace.slug}/inbox`)).toBe(true);
    await page.locator('.row', { hasText: 'Mallory' }).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('filters the inbox by sentiment and intent, places live arrivals by their triage, and keeps the filter in a saved view', async () => {
    const { page } = browser;
    const people = {
      priya: { id: 'x-priya', handle: 'priya_flies', name: 'Priya Patel' },
      tom: { id: 'x-tom', handle: 'tom_smiles', name: 'Tom Smiles' },
      sam: { id: 'x-sam', handle: 'sam_asks', name: 'Sam Asks' },
      olu: { id: 'x-olu', handle: 'olu_bags', name: 'Olu Bags' },
      mei: { id: 'x-mei', handle: 'mei_thanks', name: 'Mei Thanks' },
    };
    const row = (person: { name: string }) => page.locator('.row', { hasText: person.name });
    await server.inbound([
      xMention('tweet-refund', 'Please refund my ticket, the flight was cancelled and nobody helps', people.priya),
      xMention('tweet-praise', 'Thank you so much, the crew were wonderful and the service was great!', people.tom),
      xMention('tweet-question', 'What time does check-in open for flight AX100 tomorrow?', people.sam),
    ]);
    for (const person of [people.priya, people.tom, people.sam]) await row(person).waitFor({ timeout: 10_000 });

    await page.getByLabel('Sentiment filter').selectOption({ label: 'Negative' });
    await expect.poll(() => new URL(page.url()).searchParams.get('sentiment')).toBe('negative');
    await expect.poll(() => row(people.tom).count()).toBe(0);
    expect(await row(people.sam).count()).toBe(0);
    await row(people.priya).waitFor();
    const chips = page.getByRole('list', { name: 'Triage filters' });
    expect(await chips.locator('li').allTextContents()).toEqual(['Negative sentiment×']);

    // Live arrivals join the filtered list only when their triage matches.
    await server.inbound([
      xMention('tweet-thanks', 'Great news, my refund arrived, thanks a lot!', people.mei),
      xMention('tweet-bag', 'My bag never arrived in Lisbon, this is the worst airline ever', people.olu),
    ]);
    await row(people.olu).waitFor({ timeout: 10_000 });
    expect(await row(people.mei).count()).toBe(0);

    await page.getByLabel('Intent filter').selectOption({ label: 'Refund' });
    await expect.poll(() => new URL(page.url()).searchParams.get('intent')).toBe('refund');
    await expect.poll(() => row(people.olu).count()).toBe(0);
    await row(people.priya).waitFor();
    expect(await chips.locator('li').allTextContents()).toEqual(['Negative sentiment×', 'Intent: Refund×']);

    await page.getByRole('button', { name: 'Save current filter' }).click();
    await page.getByLabel('Name of the saved filter').fill('Angry refunds');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    // Each chip removes its own filter.
    await chips.getByRole('button', { name: 'Remove filter Negative sentiment' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('sentiment')).toBe(false);
    await row(people.mei).waitFor();
    await page.getByRole('button', { name: 'Remove filter Intent: Refund' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('intent')).toBe(false);
    await row(people.tom).waitFor();
    expect(await page.getByRole('list', { name: 'Triage filters' }).count()).toBe(0);

    await page.getByLabel('Saved filters').selectOption({ label: 'Angry refunds' });
    await expect.poll(() => new URL(page.url()).searchParams.get('sentiment')).toBe('negative');
    expect(new URL(page.url()).searchParams.get('intent')).toBe('refund');
    await expect.poll(() => row(people.tom).count()).toBe(0);
    await row(people.priya).waitFor();
    expect(await page.getByLabel('Sentiment filter').inputValue()).toBe('negative');
    expect(await page.getByLabel('Intent filter').inputValue()).toBe('refund');
    expect(browser.problems).toEqual([]);
  });
});
