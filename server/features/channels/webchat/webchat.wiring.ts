import type { AppContext } from '../../../app-context.js';
import { decodeEventList, type IngestPipeline } from '../../ingest/ingest.service.js';
import { createWebchatOutbound } from './webchat.outbound.js';

/** The receipt source of everything a web chat widget reports (visitors' messages, delivery and read statuses). */
export const webchatSource = 'webchat';

/** Registers web chat's outbound side with the reply job, and its receipts' decoder (they hold inbound events, like the API's). */
export function connectWebchat(ctx: AppContext, ingest: IngestPipeline): void {
  ctx.outbound.register(createWebchatOutbound(ctx));
  ingest.addDecoder(webchatSource, decodeEventList);
}
