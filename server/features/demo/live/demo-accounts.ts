import type { Platform } from '../../../../common/enums.js';
import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { systemActor } from '../../auth/actor.js';
import { accountCredentials, createChannelAccount, listChannelAccounts } from '../../channels/account.service.js';
import { demoAccountsFor, type DemoAccount, type DemoMailRelay } from '../demo-channels.js';
import { updateAccountConnection } from '../demo.repo.js';

/**
 * Makes the demo workspace's channel accounts match what the running fakes expect: connects the accounts a demo
 * seeded by an older Rapport lacks, and reconnects those whose platform id or secrets differ (the mail relay's port
 * changes on every start). Returns the accounts by platform.
 */
export async function connectDemoAccounts(ctx: AppContext, workspaceId: string, mailRelay: DemoMailRelay): Promise<Map<Platform, ChannelAccountRow>> {
  const existing = await listChannelAccounts(ctx.db.kysely, workspaceId);
  const connected = new Map<Platform, ChannelAccountRow>();
  for (const wanted of demoAccountsFor(mailRelay)) {
    const row = existing.find((candidate) => candidate.platform === wanted.channel && candidate.handle === wanted.handle);
    connected.set(wanted.channel, row === undefined ? await createChannelAccount(ctx, systemActor(workspaceId), wanted) : await reconnect(ctx, row, wanted));
  }
  return connected;
}

async function reconnect(ctx: AppContext, row: ChannelAccountRow, wanted: DemoAccount): Promise<ChannelAccountRow> {
  const platformAccountId = wanted.platformAccountId ?? null;
  const same = row.platform_account_id === platformAccountId && sameCredentials(accountCredentials(ctx, row), wanted.credentials ?? {});
  if (same) return row;
  const credentials = wanted.credentials === undefined ? null : ctx.secrets.seal(JSON.stringify(wanted.credentials));
  await updateAccountConnection(ctx.db.kysely, row.id, { platformAccountId, credentials, now: ctx.clock.now() });
  return { ...row, platform_account_id: platformAccountId, credentials };
}

function sameCredentials(stored: Record<string, string>, wanted: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(stored), ...Object.keys(wanted)]);
  return [...keys].every((key) => stored[key] === wanted[key]);
}
