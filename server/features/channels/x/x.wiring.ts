import type { AppContext } from '../../../app-context.js';
import { findAccountById } from '../channel-health.repo.js';
import type { ChannelRegistry } from '../channel.port.js';
import type { IngestPipeline, ReceiptDecoder } from '../../ingest/ingest.service.js';
import { connectListening } from '../../listening/listening.wiring.js';
import { createXApiClient } from './x-api.client.js';
import { createXUserTokens } from './x-tokens.js';
import { createXAdapter } from './x.adapters.js';
import { createXListeningSource } from './x.listening.js';
import { parseXPage } from './x.parse.js';

/** The receipt source of a polled X page. */
export const xPollSource = 'poll:x';

/**
 * Connects X: the webhook adapter and its outbound side, the listening poll job with X's pull source, and the decoder
 * that replays stored polled pages (`poll:x` receipts) after a crash through the same parser.
 */
export function connectXChannel(ctx: AppContext, ingest: IngestPipeline, channels: ChannelRegistry): void {
  const client = createXApiClient(ctx.config.channels, ctx.clock);
  const tokens = createXUserTokens(ctx);
  const adapter = createXAdapter(ctx, client, tokens);
  channels.register(adapter);
  if (adapter.outbound !== undefined) ctx.outbound.register(adapter.outbound);
  connectListening(ctx, ingest, [createXListeningSource(ctx, client, tokens)]);
  ingest.addDecoder(xPollSource, createPolledPageDecoder(ctx));
}

function createPolledPageDecoder(ctx: AppContext): ReceiptDecoder {
  return async (receipt) => {
    const account = receipt.account_id === null ? undefined : await findAccountById(ctx.db.kysely, receipt.account_id);
    if (account === undefined) throw new Error(`the receipt's account ${receipt.account_id ?? '(none)'} no longer exists`);
    return parseXPage(JSON.parse(receipt.payload) as unknown, account).events;
  };
}
