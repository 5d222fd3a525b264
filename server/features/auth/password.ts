import { hash, verify } from '@node-rs/argon2';

/** Hashes a password with argon2id and the library's recommended cost. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Checks a password against its argon2 hash; false for any malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
