import type { AppContext } from '../../../app-context.js';
import type { ChannelAdapter } from '../channel.port.js';
import type { XApiClient } from './x-api.client.js';
import type { XUserTokens } from './x-tokens.js';
import { createXOutbound } from './x.outbound.js';
import { parseXPayload } from './x.parse.js';
import { answerXCrc, verifyXSignature } from './x.signature.js';

/**
 * The X adapter: the CRC handshake and x-twitter-webhooks-signature with the app's `consumerSecret`, Account Activity
 * and X Activity API payloads, and replies / DMs posted with the account's OAuth 2.0 user token (`accessToken`).
 */
export function createXAdapter(ctx: AppContext, client: XApiClient, tokens: XUserTokens): ChannelAdapter {
  return {
    platform: 'x',
    handshake: answerXCrc,
    verify: verifyXSignature,
    parse: parseXPayload,
    // One X app (one consumer secret) has one webhook URL, which receives the events of every handle subscribed to it.
    sharesWebhook: (own, other) => own.consumerSecret !== undefined && own.consumerSecret !== '' && own.consumerSecret === other.consumerSecret,
    outbound: createXOutbound(ctx, client, tokens),
  };
}
