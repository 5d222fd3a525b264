import { z } from 'zod';

/** A workspace's URL-safe short name. */
export const workspaceSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lower-case letters, digits and dashes');

/** An IANA time zone name such as Europe/London. */
export const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

export const createWorkspaceInput = z.strictObject({
  slug: workspaceSlug,
  name: z.string().trim().min(1).max(120),
  timeZone: timeZone.default('UTC'),
});
/** What it takes to create a workspace (a brand). */
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

export const workspaceView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
});
/** A workspace as the API shows it. */
export type WorkspaceView = z.infer<typeof workspaceView>;
