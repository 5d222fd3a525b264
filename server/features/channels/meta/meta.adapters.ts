import type { AppContext } from '../../../app-context.js';
import type { ChannelAdapter } from '../channel.port.js';
import type { GraphClient } from './graph.client.js';
import { metaObjects, parseMetaPayload, type MetaPlatform } from './meta.parse.js';
import { createMetaOutbound } from './meta.outbound.js';
import { answerMetaHandshake, verifyMetaSignature } from './meta.signature.js';

/**
 * The adapter of one Meta platform: Facebook (Messenger and Page feed comments), Instagram (DMs and comments) or
 * WhatsApp Cloud API. All three share Meta's handshake and X-Hub-Signature-256; credentials are `appSecret`,
 * `verifyToken` and `accessToken` (plus optional `humanAgentTag: "true"` when the app may use the HUMAN_AGENT tag).
 */
export function createMetaAdapter(platform: MetaPlatform, ctx: AppContext, graph: GraphClient): ChannelAdapter {
  return {
    platform,
    handshake: answerMetaHandshake,
    verify: verifyMetaSignature,
    parse: (payload, account) => parseMetaPayload(platform, payload, account, (id) => graph.objectUrl(id)),
    outbound: createMetaOutbound(platform, ctx, graph),
  };
}

/** The three Meta adapters. */
export function createMetaAdapters(ctx: AppContext, graph: GraphClient): ChannelAdapter[] {
  return (Object.keys(metaObjects) as MetaPlatform[]).map((platform) => createMetaAdapter(platform, ctx, graph));
}
