import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import { callReceiptSource } from '../ingest/ingest-calls.js';
import { loadAccounts } from '../ingest/ingest-lookups.js';
import { checkCalls, parseCallsBody, toCallEvent } from './call-payload.js';
import { presentCall } from './call.presenter.js';
import { listCalls } from './call.repo.js';
import { callOutcomeView, callRecordBody, callView, listCallsQuery } from './call.schemas.js';

const params = z.strictObject({ workspace: z.string().max(64) });
const tags = ['calls'];

/**
 * The call centre: a telephony system (or an agent) records calls, which join the customer's history as messages of
 * kind call, and the call log lists them.
 */
export function registerCallRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.post(`${workspacePath}/calls`, {
    config: { auth: { permission: 'inbound:write' } },
    schema: {
      tags,
      summary: 'Record one call, or a batch ({ "calls": [...] }), on a phone account',
      description: 'Each call becomes a message of kind call in the caller\'s conversation on the account (their open one, one resolved within the reopen window, or a new one). '
        + 'The customer is found by their number (E.164), else by contact.email, else by their number on WhatsApp; otherwise a new profile is made. '
        + 'Idempotent on (account, callId): the same call again changes nothing; a different version replaces what was recorded (caller and direction excepted). '
        + 'An answered inbound call counts as the agent\'s response; a missed one leaves the conversation waiting. Any invalid call rejects the whole request.',
      params,
      body: z.union([z.object({ calls: z.array(callRecordBody) }), callRecordBody]),
      response: { 202: z.object({ receiptId: z.string(), status: z.enum(['processed', 'pending']), results: z.array(callOutcomeView) }) },
    },
    // The body is validated by parseCallsBody so that every error names the call and field at fault.
    validatorCompiler: () => (data: unknown) => ({ value: data }),
  }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = parseCallsBody(request.body);
    const accounts = await checkCalls(ctx.db.kysely, actor.workspaceId, parsed, await loadAccounts(ctx.db.kysely, actor.workspaceId));
    const calls = parsed.records.map((record, index) => toCallEvent(record, accounts[index] as (typeof accounts)[number]));
    const result = await runtime.ingest.accept({
      workspaceId: actor.workspaceId, source: callReceiptSource(actor), payload: JSON.stringify(calls.map((call) => call.input)), events: calls.map((call) => call.event),
    });
    const results = parsed.records.map((record, index) => ({ callId: record.callId, ...(result.outcomes[index] ?? { status: 'ignored' as const, reason: 'not processed yet' }) }));
    return reply.code(202).send({ receiptId: result.receiptId, status: result.status, results });
  });

  app.get(`${workspacePath}/calls`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: {
      tags, summary: 'The call log, newest first: filter by contact, agent (a user id, me or none), disposition, direction, account and time; keyset pagination (cursor)',
      params, querystring: listCallsQuery,
      response: { 200: z.object({ items: z.array(callView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const page = await listCalls(ctx.db.kysely, actor.workspaceId, { ...request.query, viewerId: actor.userId });
    return { items: page.rows.map(presentCall), nextCursor: page.nextCursor };
  });
}
