import type { Platform } from '../../../common/enums.js';
import type { InboundEvent } from '../../../common/inbound.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import type { OutboundAdapter } from './outbound.port.js';

/** The parts of a channel account an adapter may look at while reading a webhook. */
export type ChannelAccountRef = Pick<ChannelAccountRow, 'id' | 'platform' | 'handle' | 'platform_account_id'>;

/** Decrypted tokens and secrets of one account (`appSecret`, `verifyToken`, `accessToken`, …). */
export type ChannelCredentials = Readonly<Record<string, string>>;

/** One webhook request as the platform sent it: headers lower-cased, query decoded, the body's exact bytes. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

/** The answer to a platform's registration handshake (Meta hub.challenge, X CRC). */
export interface HandshakeReply {
  status: number;
  contentType: string;
  body: string;
}

/** Whether a request carries the platform's valid signature; `reason` says what was wrong, for the 401 and the account's health. */
export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/** What one webhook payload amounts to: Rapport events, and the parts nobody recognised (skipped and reported in the account's health). */
export interface ParseResult {
  events: InboundEvent[];
  /** One line per part of the payload whose shape is unknown, e.g. `entry[0].changes[1]: field "ratings" is not handled`. */
  unrecognised: string[];
  /** Problems the platform reports about the account itself (a WhatsApp `errors[]` value), shown as the account's health. */
  accountErrors?: string[];
}

/**
 * What else a payload may be about: the other accounts of the workspace whose platform delivers to the same webhook URL
 * (one X app serves several handles and says per delivery which user it is for).
 */
export interface ParseContext {
  peers: readonly ChannelAccountRef[];
}

/**
 * One platform's adapter: how its webhooks are registered, authenticated and read, and how Rapport answers on it.
 * `parse` is pure (no I/O): the webhook route calls it when a payload arrives, and the receipt decoder calls it again
 * when a stored payload is replayed after a crash.
 */
export interface ChannelAdapter {
  readonly platform: Platform;
  /** Answers the platform's registration handshake (a GET on the webhook URL); absent when the platform has none. */
  handshake?(query: WebhookRequest['query'], credentials: ChannelCredentials): HandshakeReply;
  /** Checks the request's signature over its raw bytes, in constant time, with the account's secret. */
  verify(request: WebhookRequest, credentials: ChannelCredentials): SignatureCheck;
  /**
   * Turns one decoded JSON payload into events of this account (or of a peer sharing its webhook, when the payload
   * names it). Never throws on an unknown shape: it reports it.
   */
  parse(payload: unknown, account: ChannelAccountRef, context?: ParseContext): ParseResult;
  /**
   * Whether the platform delivers another account's events to this account's webhook URL: both are served by one app
   * (for X, the same consumer secret). Absent when each account has its own webhook.
   */
  sharesWebhook?(own: ChannelCredentials, other: ChannelCredentials): boolean;
  /** Sends replies, private replies and DMs, and hides comments; absent for receive-only channels. */
  readonly outbound?: OutboundAdapter;
}

/** The channel adapters of one process, by platform. */
export interface ChannelRegistry {
  adapterFor(platform: string): ChannelAdapter | undefined;
  register(adapter: ChannelAdapter): void;
  platforms(): Platform[];
}

/** Creates an empty registry. */
export function createChannelRegistry(): ChannelRegistry {
  const adapters = new Map<string, ChannelAdapter>();
  return {
    adapterFor: (platform) => adapters.get(platform),
    register: (adapter) => void adapters.set(adapter.platform, adapter),
    platforms: () => [...adapters.values()].map((adapter) => adapter.platform),
  };
}
