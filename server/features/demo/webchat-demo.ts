import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import type { RapportApp } from '../../http/rapport-app.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import type { Runtime } from '../../runtime.js';
import { accountCredentials } from '../channels/account.service.js';
import { signUserId } from '../channels/webchat/webchat.identity.js';
import { writeAllowedOrigins } from '../channels/webchat/webchat.settings.repo.js';
import { findWorkspace } from '../workspaces/workspace.service.js';
import { demoPlatform } from './demo-channels.js';
import { demoWorkspaceSlug } from './demo-seed.js';

/** The sample page's own scripts only (the widget), its inline style, and its websocket (CSP3 'self' covers ws:/wss:). */
const demoPagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** The signed-in customer the demo page can pretend to be, vouched for with the demo account's identity secret. */
const demoCustomer = { id: 'acme-customer-20417', name: 'Anna Schmidt', email: 'anna.schmidt@example.de' };

/** Lets the pages of a running demo node (whatever its port) open the demo's web chat: its sample page is on this node. */
export async function allowDemoChatPage(ctx: AppContext, account: ChannelAccountRow | undefined, serverUrl: string): Promise<void> {
  if (account === undefined || serverUrl === '') return;
  const { port, origin } = new URL(serverUrl);
  const origins = [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  if (ctx.config.publicUrl !== undefined) origins.push(new URL(ctx.config.publicUrl).origin);
  await writeAllowedOrigins(ctx.db.kysely, { accountId: account.id, workspaceId: account.workspace_id, origins, now: ctx.clock.now() });
}

/**
 * `GET /webchat/demo`: a sample page of the demo brand with the widget's one script tag, to try the web chat against
 * the demo inbox; `?as=customer` signs the visitor in as a verified customer (the HMAC computed here, as a brand's
 * server would).
 */
export function registerWebchatDemoRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;
  app.get('/webchat/demo', {
    config: { auth: { public: true } },
    schema: { hide: true },
  }, async (request, reply) => {
    const workspace = await findWorkspace(ctx.db.kysely, demoWorkspaceSlug);
    const account = workspace === undefined ? undefined : await ctx.db.kysely.selectFrom('channel_accounts').selectAll()
      .where('workspace_id', '=', workspace.id).where('platform', '=', 'webchat').where('handle', '=', demoPlatform.webchat.handle).executeTakeFirst();
    if (account === undefined) throw new AppError('NOT_FOUND', 'There is no demo web chat here: the demo workspace is not seeded');
    const signedIn = (request.query as Record<string, unknown>).as === 'customer';
    const secret = accountCredentials(ctx, account).identitySecret;
    const attributes: Record<string, string> = { src: '/webchat/widget.js', 'data-account': account.id };
    if (signedIn && secret !== undefined) {
      Object.assign(attributes, { 'data-user-id': demoCustomer.id, 'data-user-name': demoCustomer.name, 'data-user-email': demoCustomer.email, 'data-user-hash': signUserId(secret, demoCustomer.id) });
    }
    const tag = `<script ${Object.entries(attributes).map(([name, value]) => `${name}="${escapeHtml(value)}"`).join(' ')} async></script>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', demoPagePolicy).send(demoPage(tag, signedIn));
  });
}

function demoPage(tag: string, signedIn: boolean): string {
  const who = signedIn
    ? `You are signed in as <strong>${escapeHtml(demoCustomer.name)}</strong> (a verified customer). <a href="/webchat/demo">Chat anonymously instead</a>.`
    : 'You are an anonymous visitor. <a href="/webchat/demo?as=customer">Sign in as Anna Schmidt, a verified customer</a>.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Air – web chat demo</title>
<style>
body { margin: 0; font-family: Georgia, serif; color: #1f2937; background: #f8fafc; }
header { background: #0f172a; color: #fff; padding: 16px 32px; font-size: 22px; letter-spacing: .05em; }
main { max-width: 760px; margin: 32px auto; padding: 0 24px; line-height: 1.6; }
pre { background: #e2e8f0; padding: 12px; overflow-x: auto; font-size: 13px; white-space: pre-wrap; word-break: break-all; }
a { color: #1d4ed8; }
</style>
</head>
<body>
<header>ACME AIR</header>
<main>
<h1>Need help with your booking?</h1>
<p>This is a sample page of the demo brand, served by Rapport. The chat button in the corner is Rapport's web chat widget: what you write
arrives in the demo inbox as a web chat conversation; answer it there and the reply appears here.</p>
<p>${who}</p>
<p>The whole integration is one tag on the brand's page:</p>
<pre><code>${escapeHtml(tag)}</code></pre>
</main>
${tag}
</body>
</html>
`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
