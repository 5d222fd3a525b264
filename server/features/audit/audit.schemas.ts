import { z } from 'zod';
import { limits } from '../../../common/limits.js';

export const listAuditQuery = z.strictObject({
  /** Only entries older than this sequence number: the `nextBefore` of the previous page. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.defaultPageSize),
});

export const auditEntryView = z.object({
  seq: z.number().int(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.string(),
  hash: z.string(),
  prevHash: z.string(),
});
/** An audit entry as the API shows it. */
export type AuditEntryView = z.infer<typeof auditEntryView>;
