import { createHash, randomBytes } from 'node:crypto';

/** A new random secret with a readable prefix, e.g. `rpt_…` for API tokens. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a high-entropy secret: what is stored instead of the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
