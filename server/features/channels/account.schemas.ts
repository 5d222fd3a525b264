import { z } from 'zod';
import { platforms } from '../../../common/enums.js';
import { allowedOrigin } from './webchat/webchat.origins.js';

/** Web chat only: the sites whose pages may open the account's widget (https://www.acme.example, https://*.acme.example). */
const allowedOrigins = z.array(allowedOrigin).min(1).max(50);

export const createAccountBody = z.strictObject({
  channel: z.enum(platforms),
  handle: z.string().trim().min(1).max(200).transform((handle) => handle.replace(/^@/, '')),
  name: z.string().trim().min(1).max(200).optional(),
  platformAccountId: z.string().trim().min(1).max(200).optional(),
  /** Tokens and secrets of the platform; stored encrypted, never returned. */
  credentials: z.record(z.string().max(100), z.string().max(4096)).optional(),
  /** Web chat only, and required there: the origins of the brand's sites that may embed the widget. */
  allowedOrigins: allowedOrigins.optional(),
});
/** What it takes to connect a channel account (one handle on one platform). */
export type CreateAccountBody = z.input<typeof createAccountBody>;

export const updateAccountBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  platformAccountId: z.string().trim().min(1).max(200).nullable().optional(),
  /** Replaces the stored credentials (all of them: send every key the platform needs). */
  credentials: z.record(z.string().max(100), z.string().max(4096)).optional(),
  /** Web chat only: replaces the sites that may embed the widget. */
  allowedOrigins: allowedOrigins.optional(),
}).refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
/** What can change on a connected channel account: its name, platform id and credentials (e.g. a renewed token), a web chat's allowed origins. */
export type UpdateAccountBody = z.infer<typeof updateAccountBody>;

export const accountView = z.object({
  id: z.string(),
  channel: z.enum(platforms),
  handle: z.string(),
  name: z.string(),
  platformAccountId: z.string().nullable(),
  hasCredentials: z.boolean(),
  /** Web chat accounts only: the sites that may embed the widget. */
  allowedOrigins: z.array(z.string()).optional(),
  health: z.object({ status: z.string(), detail: z.string().nullable(), checkedAt: z.string().nullable() }),
  createdAt: z.string(),
});
/** A channel account as the API shows it: never its credentials. */
export type AccountView = z.infer<typeof accountView>;
