import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { testEngines } from '../../../test/helpers/db.js';
import { verifyAuditChains } from '../audit/audit.service.js';
import { demoAdminEmail, demoScenarios, seedDemoWorkspace, type DemoSeedResult } from './demo-seed.js';

describe.each(testEngines)('demo workspace on %s', (engine) => {
  let t: TestApp;
  let seeded: DemoSeedResult;
  beforeAll(async () => {
    t = await startTestApp(engine);
    seeded = await seedDemoWorkspace(t.runtime.ctx, t.runtime.ingest, { adminPassword: 'demo-password-for-tests' });
  });
  afterAll(async () => t.close());

  const db = () => t.runtime.ctx.db.kysely;
  /** The messages of the conversation holding the message that starts with this text. */
  const conversationOf = async (textStart: string) => {
    const row = await db().selectFrom('messages').select('conversation_id').where('text', 'like', `${textStart}%`).executeTakeFirstOrThrow();
    return db().selectFrom('messages').select(['platform_message_id', 'direction']).where('conversation_id', '=', row.conversation_id).orderBy('sent_at').execute();
  };

  it('lets the admin sign in with the password written to the credentials file, readable by the owner only', async () => {
    const file = fs.readFileSync(seeded.credentialsFile, 'utf8');
    expect(file).toContain(`email: ${demoAdminEmail}`);
    expect(file).toContain('password: demo-password-for-tests');
    expect(fs.statSync(seeded.credentialsFile).mode & 0o777).toBe(0o600);

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: demoAdminEmail, password: 'demo-password-for-tests' } });
    expect(login.statusCode).toBe(200);
    expect(login.json<{ workspaces: Array<{ slug: string; name: string; timeZone: string; role: string }> }>().workspaces)
      .toEqual([expect.objectContaining({ slug: 'demo', name: 'Acme Air', timeZone: 'Europe/London', role: 'admin' })]);
  });

  it('holds about sixty conversations on seven channels from the last three days, some triaged, answered and resolved', async () => {
    const conversations = await db().selectFrom('conversations').select(['platform', 'status', 'queue_id', 'assignee_id', 'first_inbound_at']).where('workspace_id', '=', seeded.workspaceId).execute();
    expect(conversations.length).toBe(seeded.conversations);
    expect(conversations.length).toBeGreaterThanOrEqual(55);
    expect(new Set(conversations.map((row) => row.platform))).toEqual(new Set(['x', 'facebook', 'instagram', 'whatsapp', 'email', 'webchat', 'phone']));
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    expect(conversations.every((row) => Number(row.first_inbound_at) >= threeDaysAgo && Number(row.first_inbound_at) <= Date.now())).toBe(true);
    const statuses = new Set(conversations.map((row) => row.status));
    expect([...statuses].sort()).toEqual(['open', 'pending', 'resolved', 'snoozed']);
    expect(conversations.filter((row) => row.assignee_id !== null).length).toBeGreaterThan(20);
    expect(conversations.filter((row) => row.queue_id !== null).length).toBeGreaterThan(20);

    const tags = await db().selectFrom('conversation_tags').select(sql<number>`count(distinct tag)`.as('n')).where('workspace_id', '=', seeded.workspaceId).executeTakeFirstOrThrow();
    expect(Number(tags.n)).toBeGreaterThan(10);
    // Replies go through Rapport where the platform's adapter can send without credentials, else the brand answers on the platform.
    const replyTexts = demoScenarios.flatMap((scenario) => (scenario.handling?.reply === undefined ? [] : [scenario.handling.reply]));
    const answered = await db().selectFrom('messages').select(['text', 'author_user_id']).where('workspace_id', '=', seeded.workspaceId)
      .where('direction', '=', 'outbound').where('text', 'in', replyTexts).execute();
    expect(answered).toHaveLength(replyTexts.length);
    expect(replyTexts.length).toBeGreaterThanOrEqual(5);
  });

  it('threads public replies, direct messages and an email conversation by In-Reply-To and References', async () => {
    // A delayed passenger, another passenger joining in, the brand's answer on X, and thanks.
    const tweetThread = await conversationOf('@acmeair AX1020 Manchester to Dublin');
    expect(tweetThread.map((row) => row.direction)).toEqual(['inbound', 'inbound', 'outbound', 'inbound']);
    // Five WhatsApp messages, the brand's own among them, make one conversation.
    const whatsappDms = await conversationOf('I need to change my return flight from Dubai');
    expect(whatsappDms.map((row) => row.direction)).toEqual(['inbound', 'inbound', 'inbound', 'outbound', 'inbound', 'outbound']);

    const emails = await db().selectFrom('messages').select(['conversation_id', 'thread_refs']).where('workspace_id', '=', seeded.workspaceId).where('platform', '=', 'email').where('thread_refs', 'is not', null).execute();
    expect(emails.length).toBeGreaterThanOrEqual(2);
    const thread = await db().selectFrom('messages').select('id').where('conversation_id', '=', emails[0]?.conversation_id ?? '').execute();
    expect(thread).toHaveLength(3);
  });

  it('has a call centre: calls on the phone account in the call log, joined to customers who also wrote', async () => {
    const calls = await db().selectFrom('calls').select(['call_id', 'contact_id', 'disposition', 'direction', 'agent_user_id', 'recording_url'])
      .where('workspace_id', '=', seeded.workspaceId).execute();
    expect(calls.length).toBeGreaterThanOrEqual(8);
    expect(new Set(calls.map((call) => call.disposition))).toEqual(new Set(['answered', 'missed', 'voicemail', 'abandoned']));
    expect(calls.some((call) => call.direction === 'outbound' && call.agent_user_id !== null)).toBe(true);
    expect(calls.some((call) => call.recording_url?.startsWith('https://') === true)).toBe(true);
    // Daniel Price wrote by email and then called: one profile holds both.
    const identitiesOf = async (platform: string, platformUserId: string) => db().selectFrom('contact_identities').select('contact_id')
      .where('workspace_id', '=', seeded.workspaceId).where('platform', '=', platform).where('platform_user_id', '=', platformUserId).executeTakeFirstOrThrow();
    expect((await identitiesOf('phone', '+447700900555')).contact_id).toBe((await identitiesOf('email', 'daniel.price@example.net')).contact_id);
    // Hannah Lee called from the number she uses on WhatsApp.
    expect((await identitiesOf('phone', '+447700900123')).contact_id).toBe((await identitiesOf('whatsapp', '447700900123')).contact_id);
    const log = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: demoAdminEmail, password: 'demo-password-for-tests' } });
    const cookie = log.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/workspaces/demo/calls?disposition=voicemail', headers: { cookie } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: unknown[] }>().items.length).toBe(2);
  });

  it('keeps the audit chain intact and refuses to seed the demo twice', async () => {
    const chains = await verifyAuditChains(t.runtime.ctx.db);
    expect(chains.every((chain) => chain.ok)).toBe(true);
    await expect(seedDemoWorkspace(t.runtime.ctx, t.runtime.ingest, { adminPassword: 'another-password-123' })).rejects.toMatchObject({ code: 'DUPLICATE' });
  });
});
