import { z } from 'zod';
import type { AppContext } from '../../../app-context.js';
import type { JobDefinition } from '../../../infra/queue/queue.port.js';
import { accountCredentials } from '../account.service.js';
import { findAccountById } from '../channel-health.repo.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { describeCredentialError, readImapSettings, type ImapSettings } from './email.credentials.js';
import { reportEmailProblem } from './email.health.js';
import { listEmailAccountsWithCredentials } from './email.repo.js';
import { pollMailbox, type PollDeps } from './imap.poller.js';

const payload = z.strictObject({ accountId: z.string().min(1).max(64), intervalMs: z.number().int().min(1000), slot: z.number().int().min(0) });

/** The job that polls one account's mailbox once and then schedules the next poll. */
export const imapPollJob = { name: 'email.imap-poll', payload } as const;

/**
 * Polling is a chain of durable jobs, one per account and time slot (slot = now / interval): each run polls, then
 * enqueues the next slot. The dedupe key names the slot, so the chain, the start-up check and a second node can all
 * enqueue the same slot and it still runs once. A poll's failure is the account's health, not a job retry: the next
 * slot is the retry.
 */
export function defineImapPollJob(deps: PollDeps): JobDefinition<typeof payload> {
  const { ctx } = deps;
  const polling = new Set<string>();
  return {
    ...imapPollJob,
    async run({ accountId, intervalMs, slot }) {
      const account = await findAccountById(ctx.db.kysely, accountId);
      // The account is gone or no longer polls: the chain ends here; ensureImapPolling starts it again if IMAP comes back.
      const settings = account?.platform === 'email' ? await imapSettingsOf(ctx, account) : undefined;
      if (account === undefined || settings === undefined) return;
      try {
        if (polling.has(accountId)) return;
        polling.add(accountId);
        const outcome = await pollMailbox(deps, account);
        if (outcome.status === 'polled' && outcome.recorded > 0) ctx.logger.info({ accountId, ...outcome }, 'mailbox polled');
      } finally {
        polling.delete(accountId);
        // Slots count in units of the interval: when the account's interval changed, this run's slot number means nothing any more.
        const after = intervalMs === settings.pollIntervalMs ? slot : 0;
        await schedulePoll(ctx, accountId, settings.pollIntervalMs, nextSlot(ctx, settings.pollIntervalMs, after));
      }
    },
  };
}

/** Makes sure every email account with IMAP settings has its polling chain: enqueues the current slot (a no-op when it exists). */
export async function ensureImapPolling(ctx: AppContext): Promise<number> {
  let chains = 0;
  for (const account of await listEmailAccountsWithCredentials(ctx.db.kysely)) {
    const settings = await imapSettingsOf(ctx, account);
    if (settings === undefined) continue;
    await schedulePoll(ctx, account.id, settings.pollIntervalMs, Math.floor(ctx.clock.now() / settings.pollIntervalMs));
    chains += 1;
  }
  return chains;
}

async function schedulePoll(ctx: AppContext, accountId: string, intervalMs: number, slot: number): Promise<void> {
  const delayMs = Math.max(0, slot * intervalMs - ctx.clock.now());
  await ctx.queue.enqueue(imapPollJob.name, { accountId, intervalMs, slot }, { dedupeKey: `${imapPollJob.name}:${accountId}:${intervalMs}:${slot}`, delayMs, maxAttempts: 2 });
}

/** The slot after this one, or after the current one when this run came late (a node was down): polling never piles up. */
function nextSlot(ctx: AppContext, intervalMs: number, slot: number): number {
  return Math.max(slot, Math.floor(ctx.clock.now() / intervalMs)) + 1;
}

/** The account's IMAP settings; undefined when it has none, or malformed ones (then shown in the account's health). */
async function imapSettingsOf(ctx: AppContext, account: ChannelAccountRow): Promise<ImapSettings | undefined> {
  try {
    return readImapSettings(accountCredentials(ctx, account));
  } catch (error) {
    await reportEmailProblem(ctx, account, 'IMAP', 'error', 'Access token', `credentials malformed: ${describeCredentialError(error)}`);
    return undefined;
  }
}
