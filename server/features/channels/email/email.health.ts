import type { AppContext } from '../../../app-context.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import { reportAccountProblem, setAccountHealth } from '../channel-health.repo.js';

/** Which side of an email account a health problem is about: receiving by IMAP or sending by SMTP. */
export type EmailSide = 'IMAP' | 'SMTP';

type HealthFields = Pick<ChannelAccountRow, 'id' | 'health_status' | 'health_detail'>;

/**
 * Reports a problem on one side of an email account (`Access token: IMAP login … refused`, `Platform: IMAP server …
 * unreachable`); the side is named first so that a later success on the same side clears only its own problem.
 */
export async function reportEmailProblem(ctx: AppContext, account: HealthFields, side: EmailSide, status: 'degraded' | 'error', topic: 'Access token' | 'Platform', detail: string): Promise<void> {
  await reportAccountProblem(ctx.db.kysely, account, status, topic, `${side} ${detail}`, ctx.clock.now());
}

/** Marks the account healthy after a success on one side, when it had no health yet or its problem was on that side. */
export async function clearEmailProblem(ctx: AppContext, account: HealthFields, side: EmailSide): Promise<void> {
  const own = ['Access token', 'Platform'].some((topic) => account.health_detail?.startsWith(`${topic}: ${side} `) === true);
  if (account.health_status === 'unknown' || (account.health_status !== 'ok' && own)) {
    await setAccountHealth(ctx.db.kysely, account, 'ok', null, ctx.clock.now());
  }
}
