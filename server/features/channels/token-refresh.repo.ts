import type { Executor } from '../../app-context.js';

/**
 * Claims the renewal of an account's OAuth tokens until `until`. The update is conditioned on the sealed credentials the
 * caller read (they hold the refresh token it will spend) and on no other node holding an unexpired claim, so of several
 * nodes only one wins; the others re-read the credentials. Returns whether this caller won.
 */
export async function claimTokenRefresh(db: Executor, accountId: string, sealedCredentials: string, until: number, now: number): Promise<boolean> {
  const result = await db.updateTable('channel_accounts').set({ token_refresh_lease_until: until })
    .where('id', '=', accountId).where('credentials', '=', sealedCredentials)
    .where((eb) => eb.or([eb('token_refresh_lease_until', 'is', null), eb('token_refresh_lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Stores renewed credentials in place of the ones the claim was made on, and ends the claim. False when the credentials
 * changed meanwhile (an operator replaced them): theirs stay.
 */
export async function storeRenewedCredentials(db: Executor, accountId: string, previous: string, renewed: string, now: number): Promise<boolean> {
  const result = await db.updateTable('channel_accounts')
    .set({ credentials: renewed, token_refresh_lease_until: null, token_refresh_refused: null, updated_at: now })
    .where('id', '=', accountId).where('credentials', '=', previous)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a claim without new credentials (the platform could not be asked); the next caller may try again. */
export async function releaseTokenRefresh(db: Executor, accountId: string, previous: string): Promise<void> {
  await db.updateTable('channel_accounts').set({ token_refresh_lease_until: null }).where('id', '=', accountId).where('credentials', '=', previous).execute();
}

/** Ends a claim the platform refused, remembering what it refused so nobody asks again with the same credentials. */
export async function markTokenRefreshRefused(db: Executor, accountId: string, fingerprint: string): Promise<void> {
  await db.updateTable('channel_accounts').set({ token_refresh_lease_until: null, token_refresh_refused: fingerprint }).where('id', '=', accountId).execute();
}
