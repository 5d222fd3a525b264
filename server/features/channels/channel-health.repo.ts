import type { Executor } from '../../app-context.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';

/** What an account's health says: `ok` once the platform answered well, `degraded` when payloads were skipped, `error` when the platform refuses the account's credentials. */
export type AccountHealthStatus = 'unknown' | 'ok' | 'degraded' | 'error';

/** What a health problem is about; a later success on the same topic clears it. */
export type HealthTopic = 'Webhook signature' | 'Webhook payload' | 'Access token' | 'Platform';

/** Reads a channel account by id alone: webhooks name the account in their URL and prove who they are by signature. */
export async function findAccountById(db: Executor, accountId: string): Promise<ChannelAccountRow | undefined> {
  return db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

/**
 * Records an account's health. Writes only when status or detail change, so a stream of identical webhooks or sends
 * does not turn into a stream of writes.
 */
export async function setAccountHealth(db: Executor, account: Pick<ChannelAccountRow, 'id' | 'health_status' | 'health_detail'>, status: AccountHealthStatus, detail: string | null, now: number): Promise<boolean> {
  const boundedDetail = detail === null ? null : detail.slice(0, 1000);
  if (account.health_status === status && account.health_detail === boundedDetail) return false;
  await db.updateTable('channel_accounts').set({ health_status: status, health_detail: boundedDetail, health_checked_at: now, updated_at: now }).where('id', '=', account.id).execute();
  return true;
}

type HealthFields = Pick<ChannelAccountRow, 'id' | 'health_status' | 'health_detail'>;

/** Reports a problem on an account: `Topic: detail`, shown as its health. */
export async function reportAccountProblem(db: Executor, account: HealthFields, status: 'degraded' | 'error', topic: HealthTopic, detail: string, now: number): Promise<void> {
  await setAccountHealth(db, account, status, `${topic}: ${detail}`, now);
}

/** Marks an account healthy after a success, when it had no health yet or its problem was on one of these topics. */
export async function clearAccountProblem(db: Executor, account: HealthFields, topics: HealthTopic | HealthTopic[], now: number): Promise<void> {
  const cleared = (Array.isArray(topics) ? topics : [topics]).some((topic) => account.health_detail?.startsWith(`${topic}:`) === true);
  if (account.health_status === 'unknown' || (account.health_status !== 'ok' && cleared)) {
    await setAccountHealth(db, account, 'ok', null, now);
  }
}
