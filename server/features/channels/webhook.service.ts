import type { AppContext } from '../../app-context.js';
import { AppError, notFound } from '../../http/app-error.js';
import { decodeUtf8, parseJsonText } from '../../http/body-parsers.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import type { IngestPipeline, ReceiptDecoder } from '../ingest/ingest.service.js';
import { accountCredentials, listChannelAccounts } from './account.service.js';
import { clearAccountProblem, findAccountById, reportAccountProblem } from './channel-health.repo.js';
import type { ChannelAdapter, ChannelRegistry, HandshakeReply, ParseContext, ParseResult, WebhookRequest } from './channel.port.js';

/** What the webhook endpoints work with. */
export interface WebhookDeps {
  ctx: AppContext;
  ingest: IngestPipeline;
  channels: ChannelRegistry;
}

/** What a webhook POST was acknowledged with. */
export interface WebhookReceipt {
  receiptId: string;
  events: number;
  skipped: number;
}

/** The source of a webhook receipt: `webhook:<platform>`. */
export const webhookSource = (platform: string) => `webhook:${platform}`;

/** Answers a platform's registration handshake (Meta's hub.challenge GET) with the account's verify token. */
export async function answerHandshake(deps: WebhookDeps, channel: string, accountId: string, query: WebhookRequest['query']): Promise<HandshakeReply> {
  const { adapter, account } = await resolveTarget(deps, channel, accountId);
  if (adapter.handshake === undefined) throw new AppError('NOT_FOUND', `${channel} webhooks have no registration handshake`);
  return adapter.handshake(query, accountCredentials(deps.ctx, account));
}

/**
 * Takes one webhook delivery: verifies its signature over the raw bytes with the account's secret (401 and nothing
 * stored when it fails), records the raw payload as a durable receipt, and returns as soon as it is committed; the
 * events are processed in the background. A payload of unknown shape is recorded, skipped and shown in the account's health.
 */
export async function receiveWebhook(deps: WebhookDeps, channel: string, accountId: string, request: WebhookRequest): Promise<WebhookReceipt> {
  const { ctx } = deps;
  const { adapter, account } = await resolveTarget(deps, channel, accountId);
  const check = adapter.verify(request, accountCredentials(ctx, account));
  if (!check.valid) {
    await reportAccountProblem(ctx.db.kysely, account, 'error', 'Webhook signature', `${check.reason}; check the app secret in the account's credentials`, ctx.clock.now());
    throw new AppError('UNAUTHENTICATED', `Webhook signature check failed: ${check.reason}`);
  }
  const text = decodeUtf8(request.rawBody);
  const parsed = parsePayload(adapter, account, parseJsonText(text, 'webhook payload'), await webhookContext(ctx, adapter, account));
  const { receiptId, processed } = await deps.ingest.record({ workspaceId: account.workspace_id, source: webhookSource(account.platform), accountId: account.id, payload: text, events: parsed.events });
  processed.catch((error: unknown) => ctx.logger.error({ err: error, receiptId }, 'processing a webhook receipt failed'));
  await recordHealth(ctx, account, parsed);
  return { receiptId, events: parsed.events.length, skipped: parsed.unrecognised.length };
}

/** Decodes stored webhook receipts on replay: the same pure parse as on arrival, with the receipt's account. */
export function createWebhookDecoder(ctx: AppContext, channels: ChannelRegistry): ReceiptDecoder {
  return async (receipt) => {
    const platform = receipt.source.slice(receipt.source.indexOf(':') + 1);
    const adapter = channels.adapterFor(platform);
    if (adapter === undefined) throw new Error(`no channel adapter for ${platform}`);
    const account = receipt.account_id === null ? undefined : await findAccountById(ctx.db.kysely, receipt.account_id);
    if (account === undefined) throw new Error(`the receipt's account ${receipt.account_id ?? '(none)'} no longer exists`);
    return parsePayload(adapter, account, JSON.parse(receipt.payload) as unknown, await webhookContext(ctx, adapter, account)).events;
  };
}

async function resolveTarget(deps: WebhookDeps, channel: string, accountId: string): Promise<{ adapter: ChannelAdapter; account: ChannelAccountRow }> {
  const adapter = deps.channels.adapterFor(channel);
  if (adapter === undefined) throw new AppError('NOT_FOUND', `No webhook endpoint for channel "${channel}"`);
  const account = await findAccountById(deps.ctx.db.kysely, accountId);
  if (account?.platform !== adapter.platform) throw notFound('Channel account');
  return { adapter, account };
}

/**
 * The other accounts of the workspace the platform delivers to this account's webhook URL as well (one X app serving
 * several handles), so a payload naming one of them is read as theirs. Accounts whose credentials cannot be opened are left out.
 */
async function webhookContext(ctx: AppContext, adapter: ChannelAdapter, account: ChannelAccountRow): Promise<ParseContext | undefined> {
  const shares = adapter.sharesWebhook?.bind(adapter);
  if (shares === undefined) return undefined;
  const own = accountCredentials(ctx, account);
  const candidates = (await listChannelAccounts(ctx.db.kysely, account.workspace_id)).filter((row) => row.id !== account.id && row.platform === account.platform && row.credentials !== null);
  const peers = candidates.filter((row) => {
    try {
      return shares(own, accountCredentials(ctx, row));
    } catch {
      return false;
    }
  });
  return { peers };
}

/** Runs an adapter's parse; a bug in it is reported like an unknown shape instead of failing the delivery. */
function parsePayload(adapter: ChannelAdapter, account: ChannelAccountRow, payload: unknown, context: ParseContext | undefined): ParseResult {
  try {
    return adapter.parse(payload, account, context);
  } catch (error) {
    return { events: [], unrecognised: [`payload could not be read: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

async function recordHealth(ctx: AppContext, account: ChannelAccountRow, parsed: ParseResult): Promise<void> {
  const now = ctx.clock.now();
  const db = ctx.db.kysely;
  if (parsed.accountErrors !== undefined && parsed.accountErrors.length > 0) {
    await reportAccountProblem(db, account, 'error', 'Platform', parsed.accountErrors.join('; '), now);
  } else if (parsed.unrecognised.length > 0) {
    const more = parsed.unrecognised.length > 1 ? ` (and ${parsed.unrecognised.length - 1} more)` : '';
    await reportAccountProblem(db, account, 'degraded', 'Webhook payload', `skipped what Rapport does not recognise at ${new Date(now).toISOString()}: ${parsed.unrecognised[0] ?? ''}${more}`, now);
  } else {
    // A clean, verified delivery proves the app secret and ends a platform-reported problem; skipped payloads stay visible.
    await clearAccountProblem(db, account, ['Webhook signature', 'Platform'], now);
  }
}
