import type { AppContext } from '../../app-context.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';

import { createChannelRegistry, type ChannelRegistry } from './channel.port.js';
import { connectLineChannel } from './line/line.adapter.js';
import { connectTelegramChannel } from './telegram/telegram.adapter.js';
import { createGraphClient } from './meta/graph.client.js';
import { createMetaAdapters } from './meta/meta.adapters.js';
import { connectEmail } from './email/email.wiring.js';
import { createWebhookDecoder } from './webhook.service.js';
import { connectWebchat } from './webchat/webchat.wiring.js';
import { connectXChannel } from './x/x.wiring.js';

/** Creates the process's channel adapters, registers their outbound side with the reply job and their webhook decoder with ingest. */
export function connectChannels(ctx: AppContext, ingest: IngestPipeline): ChannelRegistry {
  const config = ctx.config.channels;
  const channels = createChannelRegistry();
  const graph = createGraphClient(config, ctx.clock);
  for (const adapter of createMetaAdapters(ctx, graph)) {
    channels.register(adapter);
    if (adapter.outbound !== undefined) ctx.outbound.register(adapter.outbound);
  }
  connectXChannel(ctx, ingest, channels);
  connectLineChannel(ctx, channels);
  connectTelegramChannel(ctx, channels);
  connectEmail(ctx, ingest);
  connectWebchat(ctx, ingest);
  ingest.addDecoder('webhook', createWebhookDecoder(ctx, channels));
  return channels;
}
