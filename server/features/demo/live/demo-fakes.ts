import net, { type AddressInfo } from 'node:net';
import type { Config } from '../../../config.js';
import { startSmtpSink, type SmtpSink } from '../../channels/email/smtp.fake-sink.js';
import { startLineFake, type LineFake } from '../../channels/line/line.fake.js';
import { startMetaFake, type MetaFake } from '../../channels/meta/meta.fake.js';
import { startTelegramFake, type TelegramFake } from '../../channels/telegram/telegram.fake.js';
import { startXFake, type XFake } from '../../channels/x/x.fake.js';
import { demoPlatform } from '../demo-channels.js';

/** The platforms of the demo, running in this process on 127.0.0.1, each knowing Acme Air's account. */
export interface DemoFakes {
  meta: MetaFake;
  line: LineFake;
  telegram: TelegramFake;
  x: XFake;
  /** Stands in for customers' mail servers: Rapport's email replies go here. */
  mailSink: SmtpSink;
  close(): Promise<void>;
}

/** Starts every platform fake on an ephemeral port of 127.0.0.1 and registers the demo's accounts with them. */
export async function startDemoFakes(): Promise<DemoFakes> {
  const { meta: metaApp, facebook, instagram, whatsapp, x: xAccount, line: lineAccount, telegram: bot } = demoPlatform;
  const started: Array<{ close(): Promise<void> }> = [];
  const track = <T extends { close(): Promise<void> }>(fake: T): T => {
    started.push(fake);
    return fake;
  };
  const closeAll = async () => void (await Promise.allSettled(started.map((fake) => fake.close())));
  try {
    const meta = track(await startMetaFake());
    meta.addAsset({ kind: 'page', id: facebook.pageId, accessToken: facebook.accessToken, appSecret: metaApp.appSecret });
    meta.addAsset({ kind: 'instagram', id: instagram.igId, accessToken: instagram.accessToken, appSecret: metaApp.appSecret });
    meta.addAsset({ kind: 'whatsapp', id: whatsapp.number.phoneNumberId, accessToken: whatsapp.accessToken, appSecret: metaApp.appSecret });
    const line = track(await startLineFake());
    line.addChannel({ botUserId: lineAccount.botUserId, channelSecret: lineAccount.channelSecret, channelAccessToken: lineAccount.channelAccessToken });
    const telegram = track(await startTelegramFake());
    telegram.addBot({ token: bot.botToken, id: bot.botId, username: bot.username, firstName: bot.firstName });
    // X's webhooks follow its answers a moment later, so agents see their replies sent, then delivered when the echo comes.
    const x = track(await startXFake({ consumerSecret: xAccount.consumerSecret, webhookDelayMs: 1_000 }));
    x.addUser({ id: xAccount.userId, username: xAccount.username, name: 'Acme Air', verified: true, followers: 184_000 });
    x.addToken(xAccount.accessToken, { userId: xAccount.userId });
    const mailSink = track(await startSmtpSink());
    return { meta, line, telegram, x, mailSink, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The channel settings of each platform whose base URL the person running Rapport set themselves. */
const explicitUrls = { meta: 'RAPPORT_META_GRAPH_URL', line: 'RAPPORT_LINE_API_URL', telegram: 'RAPPORT_TELEGRAM_API_URL', x: 'RAPPORT_X_API_URL' } as const;

/**
 * The configuration a demo node runs with: each platform's API base URL points at its fake unless it was set
 * explicitly in the environment, and the inbound SMTP listener is on (127.0.0.1, a free port) unless configured.
 * The configuration passed in is not changed.
 */
export async function demoConfig(config: Config, fakes: DemoFakes, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const unset = (name: string) => env[name] === undefined || env[name] === '';
  const channels = config.channels;
  const smtpPort = channels.smtp.port === undefined || channels.smtp.port === 0 ? await freePort(channels.smtp.host) : channels.smtp.port;
  return {
    ...config,
    channels: {
      ...channels,
      meta: unset(explicitUrls.meta) ? { ...channels.meta, graphUrl: fakes.meta.url } : channels.meta,
      line: unset(explicitUrls.line) ? { apiUrl: fakes.line.url } : channels.line,
      telegram: unset(explicitUrls.telegram) ? { apiUrl: fakes.telegram.url } : channels.telegram,
      x: unset(explicitUrls.x) ? { ...channels.x, apiUrl: fakes.x.url } : channels.x,
      smtp: { ...channels.smtp, port: smtpPort },
    },
  };
}

/** A port nobody listens on right now (the SMTP listener must be told its port before the runtime starts it). */
async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
