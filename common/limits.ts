/** Limits shared by the server and the browser app. */
export const limits = {
  /** Default maximum HTTP body size in bytes (RAPPORT_BODY_LIMIT overrides). */
  defaultBodyBytes: 1_048_576,
  /** Maximum events in one inbound batch request. */
  inboundBatchEvents: 1_000,
  /** Maximum length of a message text in characters. */
  messageTextChars: 65_536,
  /** Maximum length of an internal note in characters. */
  noteTextChars: 10_000,
  /** Maximum attachments on one message. */
  attachmentsPerMessage: 20,
  /** Maximum tags on one conversation and maximum tag length. */
  tagsPerConversation: 50,
  tagChars: 64,
  /** Page size bounds for list endpoints. */
  defaultPageSize: 50,
  maxPageSize: 200,
  /** Maximum length of a search query. */
  searchQueryChars: 256,
  /** Maximum nesting depth accepted in a JSON body. */
  jsonDepth: 32,
  /** Maximum length of one web chat message from a visitor, in characters. */
  webchatMessageChars: 4_000,
  /** Maximum length of one NDJSON import line in bytes. */
  importLineBytes: 1_048_576,
} as const;
