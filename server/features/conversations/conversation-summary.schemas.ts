import { z } from 'zod';
import { messageDirections } from '../../../common/enums.js';
import { conversationView } from './conversation.schemas.js';

/** How many characters of the last message a list item previews. */
export const previewChars = 200;

export const conversationSummaryView = z.object({
  /** Who the conversation is with, for the inbox row. */
  contact: z.object({ id: z.string(), displayName: z.string().nullable(), handle: z.string().nullable() }),
  /** The start of the newest message, or null when it has none yet. */
  lastMessage: z.object({ id: z.string(), text: z.string(), direction: z.enum(messageDirections), sentAt: z.string() }).nullable(),
  /** What triage found on the newest inbound message; null when it has no triage. */
  triage: z.object({
    sentiment: z.enum(['negative', 'neutral', 'positive']),
    intent: z.string().nullable(),
    personalData: z.array(z.string()),
  }).nullable(),
  /** Whether the customer wrote since the viewer last read the conversation (per user; PUT …/conversations/:id/read). */
  unread: z.boolean(),
});
/** What an inbox row shows besides the conversation itself. */
export type ConversationSummaryView = z.infer<typeof conversationSummaryView>;

export const conversationListItemView = conversationView.extend(conversationSummaryView.shape);
/** One row of a conversation list: the conversation with its contact, last message and triage summary. */
export type ConversationListItemView = z.infer<typeof conversationListItemView>;
