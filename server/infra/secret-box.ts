import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const algorithm = 'aes-256-gcm';
const version = 'v1';

/** Encrypts and decrypts small secrets (channel credentials, personal data) with AES-256-GCM. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Creates a box from a 32-byte key given as 64 hex characters. */
export function createSecretBox(hexKey: string): SecretBox {
  const bytes = Buffer.from(hexKey, 'hex');
  if (bytes.length !== 32) throw new Error('The secret key must be 32 bytes (64 hex characters)');
  // Imported once: a cipher made from a key object skips re-importing the raw key on every call (ingest seals each receipt).
  const key = createSecretKey(bytes);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv(algorithm, key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [tag, iv, authTag, body] = sealed.split('.');
      if (tag !== version || iv === undefined || authTag === undefined || body === undefined) throw new Error('Not a sealed secret');
      const decipher = createDecipheriv(algorithm, key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** Reads the key from configuration, or from (creating once) a key file in the data directory of the embedded deployment. */
export function resolveSecretKey(configured: string | undefined, dataDir: string, scaledOut: boolean): string {
  if (configured !== undefined) return configured;
  if (scaledOut) throw new Error('RAPPORT_SECRET_KEY must be set when DATABASE_URL is set: every node needs the same key');
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
