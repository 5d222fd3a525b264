import { publishQuietly, type AppContext } from '../../../app-context.js';
import type { OutboundAdapter } from '../outbound.port.js';
import { webchatDeliveryEvent, type WebchatDelivery } from './webchat.protocol.js';
import { listVisitorIdentities, presentWidgetMessage } from './webchat.repo.js';

/**
 * Sends an agent's reply to a web chat visitor: publishes it on the event bus, so whichever node holds the visitor's
 * open sockets pushes it to them; the widget then reports `delivered` and `read` back through ingest. A visitor with
 * no open socket gets it with the history at the next connect; the message stays `sent` until then. The platform
 * message id is Rapport's own message id.
 */
export function createWebchatOutbound(ctx: AppContext): OutboundAdapter {
  return {
    platform: 'webchat',
    async send({ account, conversation, message }) {
      const recipients = await listVisitorIdentities(ctx.db.kysely, account.workspace_id, conversation.contact_id);
      const delivery: WebchatDelivery = {
        accountId: account.id,
        recipients,
        message: presentWidgetMessage({ ...message, platform_message_id: message.id, delivery_status: 'sent' }),
      };
      // Best effort: the reply is stored either way and reaches the visitor with the history when the push is lost.
      if (recipients.length > 0) await publishQuietly(ctx, [{ type: webchatDeliveryEvent, workspaceId: account.workspace_id, at: ctx.clock.now(), data: delivery }]);
      return { platformMessageId: message.id, deliveryStatus: 'sent' };
    },
  };
}
