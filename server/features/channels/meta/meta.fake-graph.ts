import { createHmac, randomBytes } from 'node:crypto';

/** A page, Instagram account or WhatsApp phone number the fake knows, with the token and app secret it accepts. */
export interface FakeAsset {
  kind: 'page' | 'instagram' | 'whatsapp';
  id: string;
  accessToken: string;
  appSecret: string;
}

/** One write the fake accepted, as the platform would have carried it out. */
export interface FakeSend {
  kind: 'message' | 'private-reply' | 'comment-reply' | 'template' | 'hide';
  assetId: string;
  /** The customer (PSID, IGSID, WhatsApp number) or the comment the write is about. */
  target: string;
  text?: string;
  /** The id the fake answered with. */
  id: string;
  body: Record<string, unknown>;
}

/** What the Graph handlers read and change. */
export interface FakeGraphState {
  assets: Map<string, FakeAsset>;
  /** comment id → the asset it belongs to. */
  comments: Map<string, string>;
  /** `${assetId}:${customerId}` → when the customer last wrote (ms). */
  lastCustomerMessage: Map<string, number>;
  sent: FakeSend[];
  now: () => number;
}

/** A Graph answer. */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Body = Record<string, unknown>;
const day = 86_400_000;

/** Meta's error object. */
export function graphError(status: number, code: number, message: string, extra: Body = {}): FakeReply {
  return { status, body: { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: randomBytes(8).toString('base64url') } } };
}

const noObject = (id: string) => graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { error_subcode: 33 });
const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the token (query or Bearer) and appsecret_proof as Graph does for an asset. */
export function checkAuth(asset: FakeAsset, token: string | undefined, proof: string | undefined): FakeReply | undefined {
  if (token === undefined || token === '') return graphError(400, 104, 'An access token is required to request this resource.');
  if (token !== asset.accessToken) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', { error_subcode: 460 });
  if (proof !== undefined && proof !== createHmac('sha256', asset.appSecret).update(token).digest('hex')) {
    return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument');
  }
  return undefined;
}

/** POST /{page-id|ig-id|me}/messages for Messenger and Instagram: DMs inside the window (or HUMAN_AGENT), private replies to comments. */
export function sendMessengerMessage(state: FakeGraphState, asset: FakeAsset, body: Body): FakeReply {
  const recipient = body.recipient;
  const message = body.message;
  if (!isObject(recipient)) return graphError(400, 100, '(#100) param recipient must be non-empty.');
  if (!isObject(message) || typeof message.text !== 'string' || message.text === '') return graphError(400, 100, '(#100) param message must be non-empty.');
  const limit = asset.kind === 'page' ? 2_000 : 1_000;
  if (message.text.length > limit) return graphError(400, 100, `(#100) Length of param message[text] must be less than or equal to ${limit}`);
  if (typeof message.metadata === 'string' && message.metadata.length > 1_000) return graphError(400, 100, '(#100) Length of param message[metadata] must be less than or equal to 1000');
  const messageId = `m_${randomBytes(18).toString('base64url')}`;
  if (typeof recipient.comment_id === 'string') {
    if (state.comments.get(recipient.comment_id) !== asset.id) return noObject(recipient.comment_id);
    state.sent.push({ kind: 'private-reply', assetId: asset.id, target: recipient.comment_id, text: message.text, id: messageId, body });
    return { status: 200, body: { recipient_id: `psid-of-${recipient.comment_id}`, message_id: messageId } };
  }
  if (typeof recipient.id !== 'string') return graphError(400, 100, '(#100) param recipient[id] must be non-empty.');
  const type = body.messaging_type;
  if (asset.kind === 'page' && !['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(type))) return graphError(400, 100, '(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  const window = type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT' ? 7 * day : day;
  if (type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') return graphError(400, 100, '(#100) Param tag must be a supported message tag');
  const last = state.lastCustomerMessage.get(`${asset.id}:${recipient.id}`);
  if (last === undefined || state.now() - last > window) {
    return graphError(400, 10, '(#10) This message is sent outside of allowed window.', { error_subcode: 2018278 });
  }
  state.sent.push({ kind: 'message', assetId: asset.id, target: recipient.id, text: message.text, id: messageId, body });
  return { status: 200, body: { recipient_id: recipient.id, message_id: messageId } };
}

/** POST /{phone-number-id}/messages: free-form only within 24 hours of the customer's last message, templates any time. */
export function sendWhatsappMessage(state: FakeGraphState, asset: FakeAsset, body: Body): FakeReply {
  if (body.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
  const to = body.to;
  if (typeof to !== 'string' || !/^\+?\d{5,20}$/.test(to)) return graphError(400, 100, '(#100) Invalid parameter', { error_data: { messaging_product: 'whatsapp', details: 'to must be a phone number' } });
  const waId = to.replace(/^\+/, '');
  const id = `wamid.${randomBytes(24).toString('base64')}`;
  const answer: FakeReply = { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id }] } };
  if (body.type === 'template') {
    const template = body.template;
    if (!isObject(template) || typeof template.name !== 'string' || !isObject(template.language) || typeof template.language.code !== 'string') {
      return graphError(400, 100, '(#100) Invalid parameter', { error_data: { messaging_product: 'whatsapp', details: 'template.name and template.language.code are required' } });
    }
    state.sent.push({ kind: 'template', assetId: asset.id, target: waId, text: template.name, id, body });
    return answer;
  }
  if (body.type !== 'text') return graphError(400, 100, '(#100) Invalid parameter', { error_data: { messaging_product: 'whatsapp', details: `unsupported message type ${String(body.type)}` } });
  const text = body.text;
  if (!isObject(text) || typeof text.body !== 'string' || text.body === '' || text.body.length > 4_096) {
    return graphError(400, 100, '(#100) Invalid parameter', { error_data: { messaging_product: 'whatsapp', details: 'text.body must be 1 to 4096 characters' } });
  }
  const last = state.lastCustomerMessage.get(`${asset.id}:${waId}`);
  if (last === undefined || state.now() - last > day) {
    return graphError(400, 131047, 'Re-engagement message', {
      error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
    });
  }
  state.sent.push({ kind: 'message', assetId: asset.id, target: waId, text: text.body, id, body });
  return answer;
}

/** POST /{comment-id}/comments (Facebook) or /{comment-id}/replies (Instagram): a public reply under the customer's comment. */
export function replyToComment(state: FakeGraphState, asset: FakeAsset, commentId: string, body: Body): FakeReply {
  if (typeof body.message !== 'string' || body.message.trim() === '') return graphError(400, 100, '(#100) param message must be non-empty.');
  const id = asset.kind === 'page' ? `${commentId.split('_')[0] ?? commentId}_${Date.now()}${state.sent.length}` : `179${randomBytes(6).readUIntBE(0, 6)}`;
  state.comments.set(id, asset.id);
  state.sent.push({ kind: 'comment-reply', assetId: asset.id, target: commentId, text: body.message, id, body });
  return { status: 200, body: { id } };
}

/** POST /{comment-id} with is_hidden (Facebook) or hide (Instagram): hides a comment, never deletes it. */
export function hideComment(state: FakeGraphState, asset: FakeAsset, commentId: string, body: Body): FakeReply {
  const flag = asset.kind === 'page' ? body.is_hidden : body.hide;
  if (typeof flag !== 'boolean') return graphError(400, 100, `(#100) param ${asset.kind === 'page' ? 'is_hidden' : 'hide'} must be a boolean`);
  state.sent.push({ kind: 'hide', assetId: asset.id, target: commentId, id: commentId, body });
  return { status: 200, body: { success: true } };
}

/** Routes one POST below the version to the handler Graph would use; undefined when the object is unknown. */
export function routeGraphPost(state: FakeGraphState, segments: string[], token: string | undefined, body: Body): { asset: FakeAsset; run: () => FakeReply } | FakeReply {
  const [objectId = '', edge] = segments;
  if (segments.length === 2 && edge === 'messages') {
    const asset = objectId === 'me' ? [...state.assets.values()].find((candidate) => candidate.accessToken === token && candidate.kind !== 'whatsapp') : state.assets.get(objectId);
    if (asset === undefined) return objectId === 'me' ? graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token') : noObject(objectId);
    return { asset, run: () => (asset.kind === 'whatsapp' ? sendWhatsappMessage(state, asset, body) : sendMessengerMessage(state, asset, body)) };
  }
  const owner = state.assets.get(state.comments.get(objectId) ?? '');
  if (owner === undefined || segments.length > 2) return segments.length > 2 ? graphError(400, 2500, 'Unknown path components') : noObject(objectId);
  if (segments.length === 1) return { asset: owner, run: () => hideComment(state, owner, objectId, body) };
  const expected = owner.kind === 'page' ? 'comments' : 'replies';
  if (edge !== expected) return graphError(400, 2500, `Unknown path components: /${edge ?? ''}`);
  return { asset: owner, run: () => replyToComment(state, owner, objectId, body) };
}
