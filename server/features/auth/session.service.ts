import { randomBytes } from 'node:crypto';
import type { AppContext, Executor } from '../../app-context.js';
import type { UserRow } from '../../infra/db/schema.js';
import { AppError } from '../../http/app-error.js';
import { verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secret-token.js';
import { findUserByEmail } from './user.service.js';

/** A signed-in browser session: the cookie value is given once and only its hash is stored. */
export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: number;
  user: UserRow;
}

// Verifying against a fixed hash when the email is unknown keeps the response time the same either way.
const decoyHash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Kd9n6HqFn3bq0mSK1DgiDfOC8mHiWq2YxJZsB2fV5c';

/** Checks email and password and opens a session; a wrong email or password is the same 401. */
export async function login(ctx: AppContext, email: string, password: string): Promise<NewSession> {
  const user = await findUserByEmail(ctx.db.kysely, email);
  const ok = await verifyPassword(user?.password_hash ?? decoyHash, password);
  if (user === undefined || user.password_hash === null || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  const now = ctx.clock.now();
  const cookieValue = newSecret('rps');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = now + ctx.config.sessionMs;
  await ctx.db.kysely.insertInto('sessions').values({ id_hash: hashSecret(cookieValue), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
  return { cookieValue, csrfToken, expiresAt, user };
}

/** The user and CSRF token behind a session cookie, if it is valid and unexpired. */
export async function resolveSession(db: Executor, cookieValue: string, now: number): Promise<{ user: UserRow; csrfToken: string } | undefined> {
  const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users').select('sessions.csrf_token')
    .where('sessions.id_hash', '=', hashSecret(cookieValue)).where('sessions.expires_at', '>', now).where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { csrf_token: csrfToken, ...user } = row;
  return { user, csrfToken };
}

/** Ends a session. */
export async function logout(db: Executor, cookieValue: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(cookieValue)).execute();
}
