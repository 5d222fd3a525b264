import { z } from 'zod';

const userIds = z.array(z.string().min(1).max(64)).max(500);

export const createQueueBody = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(120),
  /** Members of the team from the start; each must be a member of the workspace. */
  memberIds: userIds.optional(),
});
/** What it takes to create a queue (a team conversations are routed to). */
export type CreateQueueBody = z.infer<typeof createQueueBody>;

export const setQueueMembersBody = z.strictObject({ userIds });
/** The complete new member list of a queue. */
export type SetQueueMembersBody = z.infer<typeof setQueueMembersBody>;

export const queueView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  memberIds: z.array(z.string()),
  createdAt: z.string(),
});
/** A queue as the API shows it. */
export type QueueView = z.infer<typeof queueView>;
