import type { AppContext } from '../../../app-context.js';
import type { ChannelAdapter, ChannelRegistry } from '../channel.port.js';
import { createTelegramClient } from './telegram.client.js';
import { createTelegramOutbound } from './telegram.outbound.js';
import { parseTelegramUpdate } from './telegram.parse.js';
import { verifyTelegramSecret } from './telegram.signature.js';

/**
 * The Telegram Bot API adapter. Credentials: `botToken` (from BotFather; in the path of every Bot API call) and
 * `secretToken` (the secret_token given to setWebhook, checked on every delivery). The account's handle is the bot's
 * username and its platform account id, when set, the bot's user id (the digits before `:` in the token): either
 * recognises the bot's own messages. Telegram has no registration handshake: setWebhook is called by the operator.
 */
export function createTelegramAdapter(ctx: AppContext, fetchImpl: typeof fetch = fetch): ChannelAdapter {
  return {
    platform: 'telegram',
    verify: verifyTelegramSecret,
    parse: parseTelegramUpdate,
    outbound: createTelegramOutbound(ctx, createTelegramClient(ctx.config.channels, ctx.clock, fetchImpl)),
  };
}

/** Registers the Telegram adapter: its webhooks with the process's channels, its sends with the reply job. */
export function connectTelegramChannel(ctx: AppContext, channels: ChannelRegistry): void {
  const adapter = createTelegramAdapter(ctx);
  channels.register(adapter);
  if (adapter.outbound !== undefined) ctx.outbound.register(adapter.outbound);
}
