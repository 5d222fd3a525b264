import type { Platform } from '../../../common/enums.js';
import { lineId } from '../channels/line/line.fake-payloads.js';
import type { WhatsappNumber } from '../channels/meta/meta.fake-payloads.js';

/**
 * Who Acme Air is on each platform of the demo, and the secrets its accounts share with the local platform fakes.
 * These are not secrets of any real platform: they only ever authenticate Rapport and the fakes to each other.
 */
export const demoPlatform = {
  meta: { appSecret: 'acme-air-demo-meta-app-secret', verifyToken: 'acme-air-demo-verify-token' },
  facebook: { pageId: '108326472951840', accessToken: 'acme-air-demo-page-token' },
  instagram: { igId: '17841462530947218', accessToken: 'acme-air-demo-instagram-token' },
  whatsapp: {
    number: { wabaId: '104275582039117', phoneNumberId: '112583640174529', displayPhoneNumber: '442079460000' } satisfies WhatsappNumber,
    accessToken: 'acme-air-demo-whatsapp-token',
  },
  x: { userId: '3160479562', username: 'acmeair', consumerSecret: 'acme-air-demo-x-consumer-secret', accessToken: 'acme-air-demo-x-user-token' },
  line: { botUserId: lineId('U', 'acme-air-demo-bot'), channelSecret: 'acme-air-demo-line-channel-secret', channelAccessToken: 'acme-air-demo-line-token' },
  telegram: { botId: 7100000042, username: 'acmeair_bot', firstName: 'Acme Air', botToken: '7100000042:AAHacmeAirDemoBotTokenForTheLocalFake', secretToken: 'acme-air-demo-telegram-secret' },
  email: { address: 'help@acme-air.example', fromName: 'Acme Air Customer Care' },
  webchat: { handle: 'acme-air-web', identitySecret: 'acme-air-demo-webchat-identity-secret' },
} as const;

/** One of the demo's channel accounts, as it is connected. */
export interface DemoAccount {
  channel: Platform;
  handle: string;
  name: string;
  platformAccountId?: string;
  credentials?: Record<string, string>;
  /** Web chat: the sites that may embed the widget. */
  allowedOrigins?: string[];
}

/** Where the demo's outgoing mail goes: the local SMTP sink that stands in for customers' mail servers. */
export interface DemoMailRelay {
  host: string;
  port: number;
}

const meta = (accessToken: string) => ({ appSecret: demoPlatform.meta.appSecret, verifyToken: demoPlatform.meta.verifyToken, accessToken });
/** Care teams on Messenger and Instagram answer with the HUMAN_AGENT tag: up to seven days after the customer's last message. */
const humanAgent = { humanAgentTag: 'true' };

/**
 * The brand's account on each channel of the demo. With a mail relay the email account sends through it; without
 * one (a demo seeded but not running live) it has no outgoing server.
 */
export function demoAccountsFor(mailRelay?: DemoMailRelay): DemoAccount[] {
  const { facebook, instagram, whatsapp, x, line, telegram, email } = demoPlatform;
  return [
    { channel: 'x', handle: x.username, name: 'Acme Air on X', platformAccountId: x.userId, credentials: { consumerSecret: x.consumerSecret, accessToken: x.accessToken } },
    { channel: 'facebook', handle: 'acmeair', name: 'Acme Air on Facebook', platformAccountId: facebook.pageId, credentials: { ...meta(facebook.accessToken), ...humanAgent } },
    { channel: 'instagram', handle: 'acmeair', name: 'Acme Air on Instagram', platformAccountId: instagram.igId, credentials: { ...meta(instagram.accessToken), ...humanAgent } },
    { channel: 'whatsapp', handle: `+${whatsapp.number.displayPhoneNumber}`, name: 'Acme Air WhatsApp', platformAccountId: whatsapp.number.phoneNumberId, credentials: meta(whatsapp.accessToken) },
    { channel: 'line', handle: 'acmeair', name: 'Acme Air on LINE', platformAccountId: line.botUserId, credentials: { channelSecret: line.channelSecret, channelAccessToken: line.channelAccessToken } },
    { channel: 'telegram', handle: telegram.username, name: 'Acme Air on Telegram', platformAccountId: String(telegram.botId), credentials: { botToken: telegram.botToken, secretToken: telegram.secretToken } },
    {
      channel: 'email', handle: email.address, name: 'Acme Air help desk',
      ...(mailRelay === undefined ? {} : { credentials: { smtpHost: mailRelay.host, smtpPort: String(mailRelay.port), smtpSecure: 'false', fromName: email.fromName } }),
    },
    // The demo's sample brand page (GET /webchat/demo) is served by Rapport itself; a live demo allows the origin it listens on.
    {
      channel: 'webchat', handle: demoPlatform.webchat.handle, name: 'Acme Air',
      credentials: { identitySecret: demoPlatform.webchat.identitySecret }, allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    },
    { channel: 'phone', handle: '+442079460123', name: 'Acme Air contact centre' },
  ];
}
