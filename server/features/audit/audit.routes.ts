import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { presentAuditEntry } from './audit.presenter.js';
import { auditEntryView, listAuditQuery } from './audit.schemas.js';
import { listAuditEntries } from './audit.service.js';

/** The workspace's append-only, hash-chained audit log. */
export function registerAuditRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/audit`, {
    config: { auth: { permission: 'audit:read' } },
    schema: {
      tags: ['audit'], summary: 'List audit entries, newest first; pass nextBefore as before for the next page',
      params: z.strictObject({ workspace: z.string().max(64) }), querystring: listAuditQuery,
      response: { 200: z.object({ items: z.array(auditEntryView), nextBefore: z.number().int().nullable() }) },
    },
  }, async (request) => {
    const { limit, before } = request.query;
    const rows = await listAuditEntries(ctx.db.kysely, actorOf(request).workspaceId, { limit, ...(before === undefined ? {} : { beforeSeq: before }) });
    const last = rows.at(-1);
    return { items: rows.map(presentAuditEntry), nextBefore: rows.length === limit && last !== undefined ? Number(last.seq) : null };
  });
}
