/**
 * Webhook payloads shaped exactly as Meta documents them (docs/CHANNELS.md §2–5), for the fake, the tests and the demo.
 * Timestamps follow each platform's units: Messenger / Instagram milliseconds, feed `created_time` and WhatsApp seconds.
 */

/** One Meta webhook delivery. */
export interface MetaPayload {
  object: 'page' | 'instagram' | 'whatsapp_business_account';
  entry: Array<Record<string, unknown>>;
}

const seconds = (millis: number) => Math.floor(millis / 1000);

/** A Messenger message from a customer (PSID) to the page. */
export function messengerMessage(input: { pageId: string; psid: string; mid: string; text?: string; at: number; replyToMid?: string; attachments?: Array<{ type: string; payload: { url: string } }> }): MetaPayload {
  return {
    object: 'page',
    entry: [{
      id: input.pageId, time: input.at,
      messaging: [{
        sender: { id: input.psid }, recipient: { id: input.pageId }, timestamp: input.at,
        message: {
          mid: input.mid,
          ...(input.text === undefined ? {} : { text: input.text }),
          ...(input.replyToMid === undefined ? {} : { reply_to: { mid: input.replyToMid, is_self_reply: false } }),
          ...(input.attachments === undefined ? {} : { attachments: input.attachments }),
        },
      }],
    }],
  };
}

/** The echo of a message the page sent (from Rapport, when `metadata` carries Rapport's key, or from another tool). */
export function messengerEcho(input: { pageId: string; psid: string; mid: string; text: string; at: number; appId?: number; metadata?: string }): MetaPayload {
  return {
    object: 'page',
    entry: [{
      id: input.pageId, time: input.at,
      messaging: [{
        sender: { id: input.pageId }, recipient: { id: input.psid }, timestamp: input.at,
        message: { is_echo: true, app_id: input.appId ?? 1517776481860111, mid: input.mid, text: input.text, ...(input.metadata === undefined ? {} : { metadata: input.metadata }) },
      }],
    }],
  };
}

/** Messenger edit, delivery and read events for a PSID. */
export function messengerEvent(input: { pageId: string; psid: string; at: number; event: Record<string, unknown> }): MetaPayload {
  return { object: 'page', entry: [{ id: input.pageId, time: input.at, messaging: [{ sender: { id: input.psid }, recipient: { id: input.pageId }, timestamp: input.at, ...input.event }] }] };
}

/** A Page feed change about a comment (`add`, `edited` or `remove`). */
export function feedComment(input: { pageId: string; postId: string; commentId: string; parentId?: string; from: { id: string; name?: string }; message?: string; verb?: 'add' | 'edited' | 'remove'; at: number }): MetaPayload {
  return {
    object: 'page',
    entry: [{
      id: input.pageId, time: seconds(input.at),
      changes: [{
        field: 'feed',
        value: {
          from: input.from, item: 'comment', comment_id: input.commentId, post_id: input.postId, parent_id: input.parentId ?? input.postId,
          verb: input.verb ?? 'add', created_time: seconds(input.at), ...(input.message === undefined ? {} : { message: input.message }),
        },
      }],
    }],
  };
}

/** An Instagram DM from a customer (IGSID) to the professional account. */
export function instagramMessage(input: { igId: string; igsid: string; mid: string; text: string; at: number }): MetaPayload {
  return {
    object: 'instagram',
    entry: [{ id: input.igId, time: input.at, messaging: [{ sender: { id: input.igsid }, recipient: { id: input.igId }, timestamp: input.at, message: { mid: input.mid, text: input.text } }] }],
  };
}

/** An Instagram comment on the account's media (a reply when `parentId` is set). */
export function instagramComment(input: { igId: string; commentId: string; mediaId: string; from: { id: string; username: string }; text: string; parentId?: string; at: number }): MetaPayload {
  return {
    object: 'instagram',
    entry: [{
      id: input.igId, time: seconds(input.at),
      changes: [{
        field: 'comments',
        value: {
          from: input.from, media: { id: input.mediaId, media_product_type: 'FEED' }, id: input.commentId,
          ...(input.parentId === undefined ? {} : { parent_id: input.parentId }), text: input.text,
        },
      }],
    }],
  };
}

/** The WhatsApp number a change is about. */
export interface WhatsappNumber {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

function whatsappChange(number: WhatsappNumber, value: Record<string, unknown>): MetaPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: number.wabaId,
      changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId }, ...value }, field: 'messages' }],
    }],
  };
}

/** A WhatsApp message from a customer; `message` holds the type-specific part (`{ type: 'text', text: { body } }`, `{ type: 'location', location }`, …). */
export function whatsappMessage(number: WhatsappNumber, input: { waId: string; name?: string; id: string; at: number; contextId?: string; message: Record<string, unknown> }): MetaPayload {
  return whatsappChange(number, {
    ...(input.name === undefined ? {} : { contacts: [{ profile: { name: input.name }, wa_id: input.waId }] }),
    messages: [{ from: input.waId, id: input.id, timestamp: String(seconds(input.at)), ...(input.contextId === undefined ? {} : { context: { from: number.displayPhoneNumber, id: input.contextId } }), ...input.message }],
  });
}

/** A WhatsApp delivery status of a message the business sent. */
export function whatsappStatus(number: WhatsappNumber, input: { id: string; status: 'sent' | 'delivered' | 'read' | 'failed'; recipientId: string; at: number; errors?: Array<{ code: number; title: string; message?: string; error_data?: { details: string } }> }): MetaPayload {
  return whatsappChange(number, {
    statuses: [{
      id: input.id, status: input.status, timestamp: String(seconds(input.at)), recipient_id: input.recipientId,
      ...(input.status === 'failed' ? {} : { conversation: { id: 'CONVERSATION_ID', expiration_timestamp: String(seconds(input.at) + 86_400), origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }),
      ...(input.errors === undefined ? {} : { errors: input.errors }),
    }],
  });
}
