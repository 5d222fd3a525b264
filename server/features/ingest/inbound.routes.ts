import { z } from 'zod';
import { inboundEvent } from '../../../common/inbound.js';
import type { Runtime } from '../../runtime.js';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import { checkAccounts, parseInboundBody } from './inbound-payload.js';
import { loadAccounts } from './ingest-lookups.js';
import { checkCallEventAgents } from '../calls/call-payload.js';

const outcome = z.object({
  status: z.enum(['created', 'duplicate', 'updated', 'ignored', 'deferred']),
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
});

/** The source-neutral inbound API: any system can push customer messages, edits, deletions and delivery statuses. */
export function registerInboundRoutes(app: RapportApp, runtime: Runtime): void {
  app.post(`${workspacePath}/inbound`, {
    config: { auth: { permission: 'inbound:write' } },
    schema: {
      tags: ['ingest'],
      summary: 'Push one event, a batch ({ "events": [...] }), or NDJSON (application/x-ndjson, one event per line)',
      description: 'Each event is recorded durably before the response. Processing is idempotent on (channel account, platformMessageId): a duplicate is a success that changes nothing. Any invalid event rejects the whole request and nothing is stored.',
      params: z.strictObject({ workspace: z.string().max(64) }),
      body: z.union([z.object({ events: z.array(inboundEvent) }), inboundEvent]),
      response: { 202: z.object({ receiptId: z.string(), status: z.enum(['processed', 'pending']), results: z.array(outcome) }) },
    },
    // The body is validated by parseInboundBody so that every error names the event and field at fault.
    validatorCompiler: () => (data: unknown) => ({ value: data }),
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body: unknown = request.body;
    const parsed = parseInboundBody(body);
    checkAccounts(parsed, await loadAccounts(runtime.ctx.db.kysely, actor.workspaceId));
    await checkCallEventAgents(runtime.ctx.db.kysely, actor.workspaceId, parsed.events, parsed.paths);
    const result = await runtime.ingest.accept({ workspaceId: actor.workspaceId, source: 'api', payload: JSON.stringify(parsed.raw), events: parsed.events });
    return reply.code(202).send({ receiptId: result.receiptId, status: result.status, results: result.outcomes });
  });
}
