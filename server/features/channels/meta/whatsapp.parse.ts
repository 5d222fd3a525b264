import type { Attachment, InboundEventInput } from '../../../../common/inbound.js';
import { accountFields, addEvent, addUnrecognised, boundedText, isoFromSeconds, readPart, type ParseCollector } from '../parse-support.js';
import { whatsappMessage, whatsappStatus, whatsappValue, type WhatsappError, type WhatsappMessage } from './meta.schemas.js';

/** Where a WhatsApp change sits, the phone number id the account stands for, and how to name a media object by its id. */
export interface WhatsappPlace {
  where: string;
  phoneNumberId: string | null;
  /** The Graph URL of a media object (GET it with the account's token to download): media stays on the platform. */
  mediaUrl: (mediaId: string) => string;
}

const mediaTypes = { image: 'image', video: 'video', audio: 'audio', document: 'file', sticker: 'sticker' } as const;
const ignoredTypes = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);
const statuses = new Set(['sent', 'delivered', 'read', 'failed']);

/** Reads a WhatsApp `messages` change: customer messages (text, media, location, contacts, interactive replies), delivery statuses and account errors. */
export function parseWhatsappChange(collector: ParseCollector, place: WhatsappPlace, raw: unknown): void {
  const value = readPart(collector, place.where, whatsappValue, raw);
  if (value === undefined) return;
  if (place.phoneNumberId !== null && value.metadata.phone_number_id !== place.phoneNumberId) {
    return addUnrecognised(collector, place.where, `for phone number id ${value.metadata.phone_number_id}, not this account's ${place.phoneNumberId}`);
  }
  const names = new Map<string, string>();
  for (const contact of value.contacts ?? []) if (contact.wa_id !== undefined && contact.profile?.name !== undefined) names.set(contact.wa_id, contact.profile.name);
  (value.messages ?? []).forEach((item, index) => {
    const where = `${place.where}.messages[${index}]`;
    const message = readPart(collector, where, whatsappMessage, item);
    if (message !== undefined) parseMessage(collector, { ...place, where }, message, names.get(message.from));
  });
  (value.statuses ?? []).forEach((item, index) => {
    const where = `${place.where}.statuses[${index}]`;
    const status = readPart(collector, where, whatsappStatus, item);
    if (status === undefined) return;
    if (!statuses.has(status.status)) return addUnrecognised(collector, where, `status "${status.status}" is not handled`);
    const error = status.errors?.[0];
    addEvent(collector, where, {
      kind: 'status', ...accountFields(collector), platformMessageId: status.id, status: status.status as 'sent',
      at: isoFromSeconds(status.timestamp) ?? '', ...(error === undefined ? {} : { error: describeWhatsappError(error) }),
    });
  });
  for (const error of value.errors ?? []) collector.accountErrors.push(describeWhatsappError(error));
}

/** One line for a WhatsApp error: `131047 Re-engagement message: … (details)`. */
export function describeWhatsappError(error: WhatsappError): string {
  const head = [error.code, error.title].filter((part) => part !== undefined).join(' ');
  const body = error.message !== undefined && error.message !== error.title ? `: ${error.message}` : '';
  const details = error.error_data?.details === undefined ? '' : ` (${error.error_data.details})`;
  return `${head || 'WhatsApp error'}${body}${details}`.slice(0, 1000);
}

function parseMessage(collector: ParseCollector, place: WhatsappPlace, message: WhatsappMessage, profileName: string | undefined): void {
  if (ignoredTypes.has(message.type)) return;
  const content = contentOf(message, place);
  if (content === undefined) return addUnrecognised(collector, place.where, `message type "${message.type}" is not handled`);
  const event: InboundEventInput = {
    kind: 'message', ...accountFields(collector), platformMessageId: message.id, visibility: 'private',
    author: { platformUserId: message.from, phone: `+${message.from}`, ...(profileName === undefined ? {} : { displayName: profileName }) },
    ...(message.context?.id === undefined ? {} : { parentPlatformId: message.context.id }),
    text: boundedText(content.text), attachments: content.attachments, sentAt: isoFromSeconds(message.timestamp) ?? '',
  };
  addEvent(collector, place.where, event);
}

function contentOf(message: WhatsappMessage, place: WhatsappPlace): { text: string; attachments: Attachment[] } | undefined {
  switch (message.type) {
    case 'text':
      return message.text === undefined ? undefined : { text: message.text.body, attachments: [] };
    case 'image': case 'video': case 'audio': case 'document': case 'sticker': {
      const media = message[message.type];
      if (media === undefined) return undefined;
      return {
        text: media.caption ?? '',
        attachments: [{
          type: mediaTypes[message.type],
          ...(media.id === undefined ? {} : { url: place.mediaUrl(media.id) }),
          ...(media.mime_type === undefined ? {} : { mimeType: media.mime_type }),
          ...(media.filename === undefined ? {} : { name: media.filename }),
          ...(media.caption === undefined ? {} : { caption: media.caption.slice(0, 4096) }),
        }],
      };
    }
    case 'location': {
      const location = message.location;
      if (location === undefined) return undefined;
      const label = [location.name, location.address].filter((part) => part !== undefined && part !== '').join(', ');
      return { text: label, attachments: [{ type: 'location', latitude: location.latitude, longitude: location.longitude, ...(label === '' ? {} : { name: label.slice(0, 300) }) }] };
    }
    case 'contacts':
      return {
        text: '',
        attachments: (message.contacts ?? []).slice(0, 20).map((contact) => ({
          type: 'contact' as const,
          ...(contact.name?.formatted_name === undefined ? {} : { name: contact.name.formatted_name.slice(0, 300) }),
          ...(contact.phones === undefined ? {} : { caption: contact.phones.map((phone) => phone.phone).filter(Boolean).join(', ').slice(0, 4096) }),
        })),
      };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      if (reply === undefined) return undefined;
      const description = message.interactive?.list_reply?.description;
      return { text: description === undefined ? reply.title : `${reply.title} — ${description}`, attachments: [] };
    }
    case 'button':
      return { text: message.button?.text ?? message.button?.payload ?? '', attachments: [] };
    case 'unsupported':
    case 'order':
      // The customer sent something WhatsApp cannot pass on; the empty message still shows they are waiting.
      return { text: '', attachments: [] };
    default:
      return undefined;
  }
}
