import type { AddressInfo } from 'node:net';
import { seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../../helpers/app.js';
import { ensureWebBuilt } from './web-build.js';

/** A listening Rapport on a temporary SQLite database, serving the built web app. */
export interface E2eServer {
  t: TestApp;
  url: string;
  workspace: SeededWorkspace;
  /** Pushes inbound events with the workspace's admin token, as an integration would. */
  inbound(events: unknown[]): Promise<{ results: Array<{ status: string; conversationId?: string; messageId?: string }> }>;
  close(): Promise<void>;
}

/** Builds the web app if needed, starts Rapport with a seeded workspace and listens on a free loopback port. */
export async function startE2eServer(): Promise<E2eServer> {
  await ensureWebBuilt();
  const t = await startTestApp('sqlite');
  const workspace = await seedWorkspace(t.runtime);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return {
    t, url, workspace,
    async inbound(events) {
      const response = await fetch(`${url}/api/v1/workspaces/${workspace.slug}/inbound`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${workspace.token}` }, body: JSON.stringify({ events }),
      });
      if (response.status !== 202) throw new Error(`inbound answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { results: Array<{ status: string; conversationId?: string; messageId?: string }> };
    },
    close: () => t.close(),
  };
}

/** An inbound X mention from a customer, as the inbound API takes it. */
export function xMention(platformMessageId: string, text: string, author: { id: string; handle: string; name: string }): Record<string, unknown> {
  return {
    kind: 'message', channel: 'x', account: 'acme', platformMessageId, visibility: 'public', text, sentAt: new Date().toISOString(),
    author: { platformUserId: author.id, handle: author.handle, displayName: author.name },
  };
}
