import type { Platform } from '../../../../common/enums.js';
import type { AppContext } from '../../../app-context.js';
import type { RunningServer } from '../../../server.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { findWorkspace } from '../../workspaces/workspace.service.js';
import { demoPlatform } from '../demo-channels.js';
import { demoWorkspaceSlug } from '../demo-seed.js';
import type { TrafficTargets } from '../simulator/traffic.routes.js';
import { createTrafficSender } from '../simulator/traffic.senders.js';
import { startTrafficSimulator, type TrafficOptions, type TrafficSimulator } from '../simulator/traffic.simulator.js';
import { allowDemoChatPage } from '../webchat-demo.js';
import { connectDemoAccounts } from './demo-accounts.js';
import { startDeliveryEchoes } from './delivery-echoes.js';
import type { DemoFakes } from './demo-fakes.js';
import { rememberPlatformState } from './demo-platform-state.js';

/** The demo running live next to a server. */
export interface DemoLive {
  fakes: DemoFakes;
  /** The traffic simulator; undefined when traffic is off or the server cannot be reached on 127.0.0.1. */
  simulator: TrafficSimulator | undefined;
  /** The server, whose `stop` now also stops the traffic and the fakes. */
  server: RunningServer;
}

/**
 * Connects the running fakes to a listening Rapport and brings the demo to life: the demo accounts get the fakes'
 * secrets, the platforms register Rapport's webhook endpoints (Meta's verification, X's CRC, Telegram's setWebhook),
 * the fakes learn the stored posts, comments and customers (so agents can answer every conversation there), delivery
 * statuses follow Rapport's sends, and,
 * unless `traffic` is undefined, the simulator starts. Everything goes to 127.0.0.1 only.
 */
export async function runDemoLive(server: RunningServer, fakes: DemoFakes, options: { traffic: TrafficOptions | undefined }): Promise<DemoLive> {
  const { ctx } = server.runtime;
  const workspace = await findWorkspace(ctx.db.kysely, demoWorkspaceSlug);
  if (workspace === undefined) throw new Error(`There is no demo workspace (slug "${demoWorkspaceSlug}") to run live`);
  const accounts = await connectDemoAccounts(ctx, workspace.id, { host: '127.0.0.1', port: fakes.mailSink.port });
  await allowDemoChatPage(ctx, accounts.get('webchat'), server.url);
  const base = loopbackBase(server.url, ctx.config.host);
  if (base === undefined) {
    ctx.logger.warn({ url: server.url }, 'the demo traffic needs this node to serve HTTP on a loopback address; it stays off');
    return { fakes, simulator: undefined, server: withDemoStop(server, async () => undefined, async () => fakes.close()) };
  }
  const targets: TrafficTargets = {
    webhookUrl: (platform) => `${base}/webhooks/${platform}/${accountOf(accounts, platform).id}`,
    smtp: { host: loopbackHost(ctx.config.channels.smtp.host), port: ctx.config.channels.smtp.port ?? 25 },
  };
  await registerWebhooks(ctx, fakes, targets);
  await rememberPlatformState(ctx, fakes, workspace.id);
  const echoes = startDeliveryEchoes(fakes, targets, { answers: options.traffic !== undefined, logger: ctx.logger });
  const simulator = options.traffic === undefined ? undefined : startTrafficSimulator(createTrafficSender(fakes, targets), ctx.logger, options.traffic);
  return {
    fakes,
    simulator,
    server: withDemoStop(server, async () => {
      await simulator?.stop();
      await echoes.stop();
    }, async () => fakes.close()),
  };
}

/** The server with a `stop` that first stops the demo, then the server, then the fakes (the server may still be sending to them). */
function withDemoStop(server: RunningServer, before: () => Promise<void>, after: () => Promise<void>): RunningServer {
  return {
    ...server,
    async stop() {
      await before();
      try {
        await server.stop();
      } finally {
        await after();
      }
    },
  };
}

/**
 * What happens once per platform when an operator connects it: Meta verifies each callback URL (hub.challenge with
 * the verify token), X checks Rapport's CRC answer and subscribes the account, Telegram's setWebhook is called.
 */
async function registerWebhooks(ctx: AppContext, fakes: DemoFakes, targets: TrafficTargets): Promise<void> {
  for (const platform of ['facebook', 'instagram', 'whatsapp'] as const) {
    const challenge = String(Date.now());
    const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': demoPlatform.meta.verifyToken, 'hub.challenge': challenge });
    const answer = await fetch(`${targets.webhookUrl(platform)}?${query.toString()}`);
    if (await answer.text() !== challenge) ctx.logger.warn({ platform, status: answer.status }, 'Rapport did not answer Meta\'s webhook verification');
  }
  const crc = await fakes.x.subscribe(demoPlatform.x.userId, targets.webhookUrl('x'));
  if (!crc.valid) ctx.logger.warn({ status: crc.status, body: crc.body }, 'the X fake could not subscribe Rapport\'s webhook (CRC check failed)');
  const { botToken, secretToken } = demoPlatform.telegram;
  const answer = await fetch(`${fakes.telegram.url}/bot${botToken}/setWebhook`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: targets.webhookUrl('telegram'), secret_token: secretToken }),
  });
  if (!answer.ok) ctx.logger.warn({ status: answer.status }, 'the Telegram fake refused setWebhook');
}

function accountOf(accounts: ReadonlyMap<Platform, ChannelAccountRow>, platform: Platform): ChannelAccountRow {
  const account = accounts.get(platform);
  if (account === undefined) throw new Error(`the demo has no ${platform} account`);
  return account;
}

/** Rapport's own URL on a loopback address, or undefined when it does not serve HTTP there. */
function loopbackBase(url: string, host: string): string | undefined {
  if (url === '') return undefined;
  const port = new URL(url).port;
  if (host === '::1') return `http://[::1]:${port}`;
  return ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(host) ? `http://127.0.0.1:${port}` : undefined;
}

function loopbackHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
