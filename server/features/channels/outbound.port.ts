import type { ChannelAccountRow, ConversationRow, MessageRow } from '../../infra/db/schema.js';

/** What a platform said about a message it accepted. */
export interface SendResult {
  platformMessageId: string;
  deliveryStatus: 'sent' | 'delivered';
}

/** What a send is given: the queued message with its conversation and account, and the key that makes a retry safe. */
export interface SendInput {
  account: ChannelAccountRow;
  conversation: ConversationRow;
  message: MessageRow;
  idempotencyKey: string;
}

/**
 * Sends a brand's message on one platform: a public reply when the message is public, a private reply to the comment when
 * a public conversation is answered privately, a direct message otherwise. Throws JobError with retryAfterMs / permanent
 * to steer retries.
 */
export interface OutboundAdapter {
  readonly platform: string;
  send(input: SendInput): Promise<SendResult>;
  /** Hides (or shows again) a public comment on the platform; nothing is ever deleted. Absent where the platform cannot hide. */
  hide?(input: { account: ChannelAccountRow; platformMessageId: string; hidden: boolean }): Promise<void>;
}

/** Finds the adapter of a platform; the recording adapter stands in for platforms without one. */
export interface OutboundRegistry {
  adapterFor(platform: string): OutboundAdapter;
  register(adapter: OutboundAdapter): void;
}

/** Records a message as sent without calling any platform: the stand-in until a platform's adapter is connected. */
export const recordingAdapter: OutboundAdapter = {
  platform: '*',
  async send({ message }) {
    return { platformMessageId: `recorded-${message.id}`, deliveryStatus: 'sent' };
  },
};

/** Creates the registry of one process. */
export function createOutboundRegistry(): OutboundRegistry {
  const adapters = new Map<string, OutboundAdapter>();
  return {
    adapterFor: (platform) => adapters.get(platform) ?? recordingAdapter,
    register: (adapter) => void adapters.set(adapter.platform, adapter),
  };
}
