import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, signIn, type BrowserSession } from './support/browser.js';
import { startE2eServer, xMention, type E2eServer } from './support/server.js';

const jane = { id: 'x-jane', handle: 'jane_traveller', name: 'Jane Traveller' };
const troll = { id: 'x-rick', handle: 'rude_rick', name: 'Rude Rick' };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.skipIf(!hasChromium)('customer profiles, unread counts and hidden comments in Chromium', () => {
  let server: E2eServer;
  let browser: BrowserSession;
  /** The same user signed in on another browser (a second device): it follows what the first one does, live. */
  let second: BrowserSession;
  const hidden: string[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    const { ctx } = server.t.runtime;
    // The X stand-in cannot hide replies; one that can keeps X's sending as it is and records what it hid.
    const x = ctx.outbound.adapterFor('x');
    ctx.outbound.register({ platform: 'x', send: (input) => x.send(input), hide: async ({ platformMessageId, hidden: hide }) => void (hide && hidden.push(platformMessageId)) });
    const account = await fetch(`${server.url}/api/v1/workspaces/${server.workspace.slug}/accounts`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.workspace.token}` }, body: JSON.stringify({ channel: 'telegram', handle: 'acmebot' }),
    });
    expect(account.status).toBe(201);
    await server.inbound([
      { ...xMention('rick-1', 'You are all useless clowns, worst airline ever', { id: troll.id, handle: troll.handle, name: troll.name }), sentAt: minutesAgo(30) },
      {
        kind: 'message', channel: 'telegram', account: 'acmebot', platformMessageId: 'tg-1', visibility: 'private', sentAt: minutesAgo(20),
        author: { platformUserId: 'tg-jane', displayName: 'J. Traveller' }, text: 'Hi, Jane again: any news on my suitcase?',
      },
      { ...xMention('jane-1', 'My suitcase never arrived in Lisbon', { id: jane.id, handle: jane.handle, name: jane.name }), sentAt: minutesAgo(10) },
    ]);
    browser = await launchBrowser();
    second = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await second?.close();
    await browser?.close();
    await server?.close();
  });

  const row = (name: string) => browser.page.locator('.row', { hasText: name });
  const secondRow = (name: string) => second.page.locator('.row', { hasText: name });

  it('marks a conversation read when it is opened, and the unread count drops', async () => {
    const { page } = browser;
    await signIn(page, server.url, server.workspace.adminEmail, server.workspace.password);
    // The newest conversation opens with the inbox, which reads it; the other two are still news.
    await page.locator('#conversation-title', { hasText: jane.name }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toBe('2 unread');
    expect(await row('J. Traveller').getAttribute('class')).toContain('unread');
    expect(await page.locator('.view-tab[data-view="all"] .view-unread').textContent()).toBe('2');

    // The same user on a second device: it opened the newest conversation too, so it sees the same two unread.
    await signIn(second.page, server.url, server.workspace.adminEmail, server.workspace.password);
    await second.page.locator('#conversation-title', { hasText: jane.name }).waitFor({ timeout: 10_000 });
    await expect.poll(() => second.page.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toBe('2 unread');

    await row('J. Traveller').click();
    await page.locator('.message.inbound', { hasText: 'any news on my suitcase' }).waitFor();
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toBe('1 unread');
    // Read on the first device: the second one follows without reloading.
    await expect.poll(() => second.page.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toBe('1 unread');
    await expect.poll(() => secondRow('J. Traveller').getAttribute('class')).not.toContain('unread');
    expect(await secondRow(troll.name).getAttribute('class')).toContain('unread');
    expect(await second.page.locator('.view-tab[data-view="all"] .view-unread').textContent()).toBe('1');
    await row(jane.name).click();
    await expect.poll(() => row('J. Traveller').getAttribute('class')).not.toContain('unread');
    expect(await row(troll.name).getAttribute('class')).toContain('unread');

    // The markers live on the server: the same user's API view agrees, whatever the browser.
    const list = await fetch(`${server.url}/api/v1/workspaces/${server.workspace.slug}/conversations`, { headers: { authorization: `Bearer ${server.workspace.token}` } });
    const unread = ((await list.json()) as { items: Array<{ contact: { displayName: string | null }; unread: boolean }> }).items
      .filter((item) => item.unread).map((item) => item.contact.displayName);
    expect(unread).toEqual([troll.name]);
  });

  it('merges two profiles of the same person and shows both identities in one profile', async () => {
    const { page } = browser;
    const profile = page.locator('aside.profile');
    await profile.locator('#profile-title', { hasText: jane.name }).waitFor();
    expect(await profile.locator('.identities li').count()).toBe(1);

    await profile.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge another profile into ${jane.name}` });
    await dialog.getByLabel('Find the other profile by name, handle or email').fill('Traveller');
    await dialog.getByRole('button', { name: /J\. Traveller/ }).click();
    await dialog.getByText('conversations, notes and tags move to Jane Traveller').waitFor();
    await dialog.getByRole('button', { name: 'Merge profiles' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => profile.locator('.identities li').count()).toBe(2);
    expect(await profile.locator('.identities li[data-channel="telegram"]').textContent()).toContain('J. Traveller');
    expect(await profile.locator('.identities li[data-channel="x"]').textContent()).toContain(`@${jane.handle}`);
    await expect.poll(() => profile.locator('.history li').count()).toBe(2);

    // The second device, showing Jane's X conversation, follows the merge live: her profile gains the Telegram identity
    // and conversation, and the Telegram row names the surviving profile.
    const secondProfile = second.page.locator('aside.profile');
    await expect.poll(() => secondProfile.locator('.identities li').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => secondProfile.locator('.history li').count()).toBe(2);
    await expect.poll(() => secondRow('Telegram').locator('.row-name').textContent()).toBe(jane.name);
    expect(await secondRow('J. Traveller').count()).toBe(0);

    // A note on the merged profile, kept with it.
    await profile.getByLabel('Note about this customer').fill('Same person on X and Telegram; lost suitcase LIS-4411');
    await profile.getByRole('button', { name: 'Save note' }).click();
    await profile.locator('.profile-note', { hasText: 'LIS-4411' }).waitFor();

    // The Telegram conversation now opens on the same profile.
    await row('Jane').filter({ hasText: 'Telegram' }).click();
    await page.locator('.message.inbound', { hasText: 'any news on my suitcase' }).waitFor();
    await expect.poll(() => profile.locator('.identities li').count()).toBe(2);
    await profile.locator('.profile-note', { hasText: 'LIS-4411' }).waitFor();
  });

  it('hides an abusive public comment with a reason and shows it marked hidden, never deleted', async () => {
    const { page } = browser;
    await row(troll.name).click();
    const message = page.locator('.message.inbound', { hasText: 'useless clowns' });
    await message.waitFor();
    await message.getByRole('button', { name: 'Hide on platform…' }).click();
    await message.getByLabel('Reason for hiding (audited; nothing is deleted)').fill('Abusive language');
    await message.getByRole('button', { name: 'Hide', exact: true }).click();

    const notice = message.getByTestId('hidden-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Hidden on X');
    expect(await notice.textContent()).toContain('Reason: Abusive language');
    expect(await notice.textContent()).toContain('Ada Admin');
    expect(await message.locator('.message-text').textContent()).toContain('useless clowns');
    expect(hidden).toEqual(['rick-1']);
    await message.getByRole('button', { name: 'Show on platform again…' }).waitFor();

    // After a reload the thread still shows it, hidden, with the reason.
    await page.reload();
    await page.locator('.message.inbound', { hasText: 'useless clowns' }).getByTestId('hidden-notice').filter({ hasText: 'Abusive language' }).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('shows a profile edited on one device on the other at once: its panel and its inbox rows', async () => {
    const { page } = browser;
    await secondRow(troll.name).click();
    const secondProfile = second.page.locator('aside.profile');
    await secondProfile.locator('#profile-title', { hasText: troll.name }).waitFor();

    const profile = page.locator('aside.profile');
    await profile.locator('#profile-title', { hasText: troll.name }).waitFor();
    await profile.getByRole('button', { name: 'Edit details' }).click();
    await profile.getByLabel('Name', { exact: true }).fill('Richard Rude');
    await profile.getByLabel('Email').fill('richard@example.com');
    await profile.getByRole('form', { name: 'Edit profile' }).getByRole('button', { name: 'Save' }).click();
    await profile.locator('#profile-title', { hasText: 'Richard Rude' }).waitFor();

    await secondProfile.locator('#profile-title', { hasText: 'Richard Rude' }).waitFor({ timeout: 10_000 });
    expect(await secondProfile.locator('.facts').textContent()).toContain('richard@example.com');
    await expect.poll(() => secondRow('Richard Rude').count()).toBe(1);
    expect(await secondRow(troll.name).count()).toBe(0);
    await second.page.locator('#conversation-title', { hasText: 'Richard Rude' }).waitFor();
    // The device that made the change shows it on its rows too.
    await expect.poll(() => row('Richard Rude').count()).toBe(1);
    expect(second.problems).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
