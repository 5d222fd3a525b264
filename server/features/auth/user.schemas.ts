import { z } from 'zod';
import { roles } from '../../../common/enums.js';

export const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const password = z.string().min(10, 'must be at least 10 characters').max(512);

export const createUserInput = z.strictObject({
  email,
  name: z.string().trim().min(1).max(120),
  password: password.optional(),
  role: z.enum(roles).default('agent'),
});
/** What it takes to create a user in a workspace. */
export type CreateUserInput = z.input<typeof createUserInput>;

export const loginInput = z.strictObject({ email, password: z.string().min(1).max(512) });

export const userView = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(roles).optional(), createdAt: z.string() });
/** A user as the API shows it (never the password hash). */
export type UserView = z.infer<typeof userView>;
