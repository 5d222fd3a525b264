import type { AppContext } from '../../../app-context.js';
import type { ChannelAdapter, ChannelRegistry } from '../channel.port.js';
import { createLineClient } from './line.client.js';
import { createLineOutbound } from './line.outbound.js';
import { parseLinePayload } from './line.parse.js';
import { verifyLineSignature } from './line.signature.js';

/**
 * The LINE Messaging API adapter. Credentials: `channelSecret` (verifies x-line-signature) and `channelAccessToken`
 * (Bearer token of the reply and push APIs). The account's platform account id, when set, is the bot's user id
 * (the webhook's `destination`, `U` + 32 hex): deliveries for another bot are skipped and reported.
 * LINE has no registration handshake; its connection check is a signed POST with no events.
 */
export function createLineAdapter(ctx: AppContext, fetchImpl: typeof fetch = fetch): ChannelAdapter {
  return {
    platform: 'line',
    verify: verifyLineSignature,
    parse: parseLinePayload,
    outbound: createLineOutbound(ctx, createLineClient(ctx.config.channels, ctx.clock, fetchImpl)),
  };
}

/** Registers the Line adapter: its webhooks with the process's channels, its sends with the reply job. */
export function connectLineChannel(ctx: AppContext, channels: ChannelRegistry): void {
  const adapter = createLineAdapter(ctx);
  channels.register(adapter);
  if (adapter.outbound !== undefined) ctx.outbound.register(adapter.outbound);
}
