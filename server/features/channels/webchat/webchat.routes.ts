import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../../http/app-error.js';
import type { RapportApp } from '../../../http/rapport-app.js';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import type { Runtime } from '../../../runtime.js';
import { findAccountById } from '../channel-health.repo.js';
import { createWebchatHub, defaultWebchatOptions, type WebchatOptions } from './webchat.hub.js';
import { originAllowed } from './webchat.origins.js';
import { startVisitorSession } from './webchat.session.js';
import { readAllowedOrigins } from './webchat.settings.repo.js';

/** The widget's script, served as it is written: plain JavaScript with no build step. */
export const widgetFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'widget', 'widget.js');

const socketQuery = z.strictObject({ account: z.string().min(1).max(64) });
const tags = ['webchat'];

/**
 * The web chat channel's public side: the widget script (`/webchat/widget.js`, one script tag on the brand's pages)
 * and the visitors' websocket (`/webchat/socket?account=…`, see webchat.protocol.ts); `options` shortens timings in tests.
 */
export function createWebchatRoutes(options: Partial<WebchatOptions> = {}) {
  return (app: RapportApp, runtime: Runtime): void => {
    const { ctx, ingest } = runtime;
    const settings = { ...defaultWebchatOptions, ...options };
    const hub = createWebchatHub({ bus: ctx.bus, metrics: ctx.metrics, logger: ctx.logger, now: () => Date.now() }, settings);
    app.addHook('onClose', async () => hub.close());
    const targets = new WeakMap<FastifyRequest, ChannelAccountRow>();
    let widget: { body: string; etag: string } | undefined;

    app.get('/webchat/widget.js', {
      config: { auth: { public: true } },
      schema: { tags, summary: 'The web chat widget: embed it with one script tag, <script src=".../webchat/widget.js" data-account="ACCOUNT_ID" async></script>', hide: true },
    }, async (request, reply) => {
      widget ??= readWidget();
      void reply.header('etag', widget.etag).header('cache-control', 'public, max-age=300')
        // Loaded by the brand's pages, from another origin: helmet's same-origin default would block it.
        .header('cross-origin-resource-policy', 'cross-origin');
      if (request.headers['if-none-match'] === widget.etag) return reply.code(304).send();
      return reply.type('text/javascript; charset=utf-8').send(widget.body);
    });

    app.get('/webchat/socket', {
      websocket: true,
      config: { auth: { public: true } },
      schema: { tags, summary: 'Websocket of the web chat widget (visitors); refused before the upgrade for an unknown account or a site not in its allowed origins', querystring: socketQuery, hide: true },
      preHandler: async (request) => {
        const { account: accountId } = request.query;
        const account = await findAccountById(ctx.db.kysely, accountId);
        if (account?.platform !== 'webchat') throw notFound('Web chat account');
        const origin = request.headers.origin;
        if (origin === undefined) throw new AppError('FORBIDDEN', 'Open the chat from a web page of an allowed site: the handshake has no Origin header');
        const allowed = (await readAllowedOrigins(ctx.db.kysely, [account.id])).get(account.id) ?? [];
        if (!originAllowed(origin, allowed)) {
          throw new AppError('FORBIDDEN', `This site (${origin.slice(0, 200)}) may not open this chat: add its origin to the web chat account's allowedOrigins`);
        }
        targets.set(request, account);
      },
    }, (socket, request) => {
      const account = targets.get(request);
      if (account === undefined) {
        socket.close(1011, 'Try again');
        return;
      }
      startVisitorSession({ ctx, ingest, hub, settings }, socket, account);
    });
  };
}

/** The web chat routes with production timings. */
export const registerWebchatRoutes = createWebchatRoutes();

function readWidget(): { body: string; etag: string } {
  const body = fs.readFileSync(widgetFile, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
