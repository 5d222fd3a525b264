import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RapportApp } from '../../http/rapport-app.js';
import type { Runtime } from '../../runtime.js';
import type { WebhookRequest } from './channel.port.js';
import { answerHandshake, receiveWebhook } from './webhook.service.js';

const params = z.strictObject({ channel: z.string().min(1).max(32), accountId: z.string().min(1).max(64) });

/**
 * The platforms' webhook endpoints: `GET` for the registration handshake and `POST` for deliveries. They are public
 * routes authenticated by the platform's signature, so the body is kept as its exact bytes (in this scope only).
 */
export function registerWebhookRoutes(app: RapportApp, runtime: Runtime): void {
  const deps = { ctx: runtime.ctx, ingest: runtime.ingest, channels: runtime.channels };
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    // Signatures are computed over the raw bytes; the JSON is parsed only after the check, by the service.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body: Buffer, done) => done(null, body));

    scope.get('/webhooks/:channel/:accountId', {
      config: { auth: { public: true } },
      schema: {
        tags: ['webhooks'],
        summary: 'Registration handshake of a platform webhook (Meta: echoes hub.challenge when hub.verify_token matches)',
        params,
        // Meta's parameters are documented here; other platforms' handshake parameters (X's crc_token, …) pass through as well.
        querystring: z.looseObject({
          'hub.mode': z.string().max(100).optional(),
          'hub.verify_token': z.string().max(1000).optional(),
          'hub.challenge': z.string().max(1000).optional(),
        }),
      },
    }, async (request, reply) => {
      const answer = await answerHandshake(deps, request.params.channel, request.params.accountId, singleValues(request.query));
      return reply.code(answer.status).type(answer.contentType).send(answer.body);
    });

    scope.post('/webhooks/:channel/:accountId', {
      config: { auth: { public: true } },
      schema: {
        tags: ['webhooks'],
        summary: 'A platform delivers events; authenticated by its signature over the raw body, recorded durably, then acknowledged',
        description: 'A bad or missing signature is a 401 and nothing is stored. Processing continues after the acknowledgement; a redelivery changes nothing.',
        params,
        response: { 200: z.object({ received: z.literal(true), receiptId: z.string(), events: z.number(), skipped: z.number() }) },
      },
    }, async (request) => {
      const webhook: WebhookRequest = { headers: request.headers, query: {}, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0) };
      const receipt = await receiveWebhook(deps, request.params.channel, request.params.accountId, webhook);
      return { received: true as const, ...receipt };
    });
  });
}

/** Query parameters as single strings (the first of a repeated one); anything else is dropped. */
function singleValues(query: Record<string, unknown>): Record<string, string | undefined> {
  const values = Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? (value as unknown[])[0] : value] as const);
  return Object.fromEntries(values.filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string'));
}
