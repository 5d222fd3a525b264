import { z } from 'zod';
import { roles } from '../../../common/enums.js';
import { permissions } from './permissions.js';

export const createTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  role: z.enum(roles).default('agent'),
  scopes: z.array(z.enum(permissions)).min(1).max(permissions.length).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
/** What it takes to create an API token. */
export type CreateTokenInput = z.input<typeof createTokenInput>;

export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(roles),
  scopes: z.array(z.enum(permissions)).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
/** An API token as the API shows it: never its secret, which is shown once at creation. */
export type TokenView = z.infer<typeof tokenView>;
