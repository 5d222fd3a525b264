import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are UTC instants stored as epoch milliseconds. */
type Millis = number;
/** JSON stored as text; repositories parse and serialise it. */
type JsonText = string;
/** Booleans are stored as 0/1 so both engines agree. */
type Flag = number;

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  settings: JsonText;
  created_at: Millis;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: Millis;
  disabled_at: Millis | null;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: Millis;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Millis;
  expires_at: Millis;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  role: string;
  scopes: JsonText;
  created_by: string | null;
  created_at: Millis;
  expires_at: Millis | null;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

export interface QueuesTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  created_at: Millis;
}

export interface QueueMembersTable {
  workspace_id: string;
  queue_id: string;
  user_id: string;
}

export interface ChannelAccountsTable {
  id: string;
  workspace_id: string;
  platform: string;
  handle: string;
  name: string;
  platform_account_id: string | null;
  credentials: string | null;
  health_status: string;
  health_detail: string | null;
  health_checked_at: Millis | null;
  /** Until when a node renews the account's OAuth tokens; the others wait for its result. */
  token_refresh_lease_until: Millis | null;
  /** Fingerprint of the app credentials and refresh token the platform refused, so they are not tried again. */
  token_refresh_refused: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ContactsTable {
  id: string;
  workspace_id: string;
  display_name: string | null;
  email: string | null;
  phone: string | null;
  custom_fields: JsonText;
  merged_into_id: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ContactIdentitiesTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  platform: string;
  platform_user_id: string;
  handle: string | null;
  display_name: string | null;
  followers: number | null;
  verified: Flag;
  created_at: Millis;
  updated_at: Millis;
}

export interface ConversationsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  contact_id: string;
  platform: string;
  visibility: string;
  subject: string | null;
  status: string;
  priority: number;
  queue_id: string | null;
  assignee_id: string | null;
  first_inbound_at: Millis | null;
  first_response_at: Millis | null;
  resolved_at: Millis | null;
  snoozed_until: Millis | null;
  last_message_at: Millis;
  last_inbound_at: Millis | null;
  waiting_since: Millis | null;
  message_count: number;
  created_at: Millis;
  updated_at: Millis;
  /**
   * Triage of the newest inbound message (migration 2026-11-23T0900-conversation-triage), kept by ingest: sentiment
   * label and signed score, the decided intent and its confidence (null while undecided), and whether it held personal data.
   */
  sentiment_label: string | null;
  sentiment_score: number | null;
  intent_label: string | null;
  intent_confidence: number | null;
  has_personal_data: Flag;
}

export interface ConversationTagsTable {
  workspace_id: string;
  conversation_id: string;
  tag: string;
}

export interface MessagesTable {
  /** SQLite only: the stable rowid the full-text index points at. */
  seq: ColumnType<number, never, never>;
  id: string;
  workspace_id: string;
  conversation_id: string;
  account_id: string;
  platform: string;
  direction: string;
  visibility: string;
  platform_message_id: string | null;
  parent_platform_id: string | null;
  thread_refs: JsonText | null;
  text: string;
  attachments: JsonText;
  author_contact_id: string | null;
  author_user_id: string | null;
  sent_at: Millis;
  received_at: Millis;
  delivery_status: string;
  delivery_error: string | null;
  edited_at: Millis | null;
  deleted_by_author_at: Millis | null;
  receipt_id: string | null;
  /** The idempotency key of a reply queued by an agent or integration. */
  client_key: string | null;
  metadata: JsonText;
}

export interface NotesTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  author_user_id: string | null;
  text: string;
  mentions: JsonText;
  created_at: Millis;
}

export interface ReceiptsTable {
  id: string;
  workspace_id: string;
  source: string;
  account_id: string | null;
  /** `pending`, `processed` or `failed`. */
  status: string;
  error: string | null;
  received_at: Millis;
  processed_at: Millis | null;
}

/** The raw payload of a receipt, exactly as it arrived; written once. */
export interface ReceiptPayloadsTable {
  receipt_id: string;
  payload: string;
}

export interface JobsTable {
  id: string;
  queue: string;
  name: string;
  payload: JsonText;
  dedupe_key: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: Millis;
  locked_until: Millis | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface AuditEntriesTable {
  seq: Generated<number>;
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before: JsonText | null;
  after: JsonText | null;
  at: Millis;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  workspace_id: string;
  seq: number;
  hash: string;
}

export interface ImportsTable {
  id: string;
  workspace_id: string;
  file_key: string;
  lines_done: number;
  accepted: number;
  rejected: number;
  status: string;
  created_at: Millis;
  updated_at: Millis;
}

/** A trained triage model of a workspace; `model` is the versioned JSON of the model itself. */
export interface TriageModelsTable {
  id: string;
  workspace_id: string;
  /** `intent` or `sentiment`. */
  target: string;
  /** 1, 2, … per workspace and target. */
  version: number;
  trained_at: Millis;
  /** Source, rows, labels and cross-validated metrics. */
  trained_on: JsonText;
  model: JsonText;
  active: Flag;
  created_by: string | null;
}

/** IMAP polling state of one email account (migration 2026-11-23T0300-email). */
export interface EmailMailboxCursorsTable {
  account_id: string;
  workspace_id: string;
  mailbox: string;
  /** The mailbox's UIDVALIDITY when last_uid was read; a change means every UID is new. */
  uid_validity: string | null;
  last_uid: number;
  polled_at: Millis | null;
  /** Fingerprint of the credentials the server refused: polling waits until they change. */
  refused_credentials: string | null;
  updated_at: Millis;
}

/** A saved listening query polled on a schedule (migration 2026-11-23T0200-listening). */
export interface ListeningQueriesTable {
  id: string;
  workspace_id: string;
  account_id: string;
  /** `mentions` (the account's mentions timeline) or `search` (recent search). */
  kind: string;
  /** The search query; empty for mentions. */
  query: string;
  /** Hash of kind and query: one saved query per account and text. */
  query_key: string;
  interval_seconds: number;
  /** The newest platform id whose posts are committed: the next poll asks only for newer ones. */
  since_id: string | null;
  /** A page walk cut short: where it resumes, and the newest id it started from. */
  next_token: string | null;
  pending_newest_id: string | null;
  last_polled_at: Millis | null;
  last_error: string | null;
  failures: number;
  /** While a poll runs, no other poll of the same query starts. */
  lease_until: Millis | null;
  active: Flag;
  created_by: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** An internal note on a customer's profile (migration 2026-11-23T0500-contacts). */
export interface ContactNotesTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  author_user_id: string | null;
  text: string;
  created_at: Millis;
}

/** A tag on a customer's profile, lower-case (migration 2026-11-23T0500-contacts). */
export interface ContactTagsTable {
  workspace_id: string;
  contact_id: string;
  tag: string;
}

/** How far a user has read a conversation: the newest inbound message time seen (migration 2026-11-23T0500-contacts). */
export interface ConversationReadsTable {
  user_id: string;
  conversation_id: string;
  read_at: Millis;
}

/** The sites allowed to open a web chat account's widget (migration 2026-11-23T0600-webchat). */
export interface WebchatSettingsTable {
  account_id: string;
  workspace_id: string;
  /** JSON array of origins, e.g. `["https://www.acme.example","https://*.acme.example"]`. */
  allowed_origins: JsonText;
  updated_at: Millis;
}

/** A training of a triage model on the job queue (migration 2026-11-23T1000-triage-jobs). */
export interface TriageTrainingJobsTable {
  id: string;
  workspace_id: string;
  /** `queued`, `running`, `succeeded` or `failed`. */
  status: string;
  /** `intent` or `sentiment`. */
  target: string;
  /** `history` or `csv`. */
  source: string;
  /** Folds and the CSV's text and label columns. */
  options: JsonText;
  /** The uploaded CSV, sealed with the secret box; null for history and once the training has ended. */
  sealed_input: string | null;
  requested_by_type: string;
  requested_by_id: string | null;
  requested_by_user: string | null;
  attempts: number;
  model_id: string | null;
  model_version: number | null;
  /** Rows, labels and cross-validated metrics of the model trained. */
  result: JsonText | null;
  error: string | null;
  created_at: Millis;
  started_at: Millis | null;
  finished_at: Millis | null;
}

/** Which contact fields make a customer valuable, per workspace (migration 2026-11-23T1000-triage-jobs). */
export interface CustomerValueRulesTable {
  workspace_id: string;
  rule: JsonText;
  updated_at: Millis;
  updated_by: string | null;
}

/** A phone call a telephony system reported on a `phone` account; also a message of kind call (migration 2026-11-23T0700-calls). */
export interface CallsTable {
  /** The call's message in its conversation. */
  message_id: string;
  workspace_id: string;
  account_id: string;
  /** The telephony system's id of the call: unique per account. */
  call_id: string;
  conversation_id: string;
  /** The customer (kept current when contacts are merged). */
  contact_id: string;
  /** `inbound` or `outbound`. */
  direction: string;
  /** The customer's number, E.164. */
  caller_number: string;
  agent_user_id: string | null;
  started_at: Millis;
  duration_seconds: number;
  /** One of `callDispositions` (common/enums.ts). */
  disposition: string;
  notes: string | null;
  recording_url: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** A delivery status whose message has no platform id yet, applied when it gets one (migration 2026-11-23T0700-calls). */
export interface PendingStatusesTable {
  account_id: string;
  platform_message_id: string;
  workspace_id: string;
  /** The furthest status seen: sent < delivered < read; failed wins. */
  status: string;
  error: string | null;
  /** When the platform says the status happened. */
  status_at: Millis;
  received_at: Millis;
}

/** The database as Kysely sees it. */
export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  channel_accounts: ChannelAccountsTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  conversations: ConversationsTable;
  conversation_tags: ConversationTagsTable;
  messages: MessagesTable;
  notes: NotesTable;
  receipts: ReceiptsTable;
  receipt_payloads: ReceiptPayloadsTable;
  jobs: JobsTable;
  audit_entries: AuditEntriesTable;
  audit_heads: AuditHeadsTable;
  imports: ImportsTable;
  triage_models: TriageModelsTable;
  listening_queries: ListeningQueriesTable;
  email_mailbox_cursors: EmailMailboxCursorsTable;
  contact_notes: ContactNotesTable;
  contact_tags: ContactTagsTable;
  conversation_reads: ConversationReadsTable;
  webchat_settings: WebchatSettingsTable;
  calls: CallsTable;
  pending_statuses: PendingStatusesTable;
  triage_training_jobs: TriageTrainingJobsTable;
  customer_value_rules: CustomerValueRulesTable;
}

export type WorkspaceRow = Selectable<WorkspacesTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type QueueRow = Selectable<QueuesTable>;
export type ChannelAccountRow = Selectable<ChannelAccountsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ContactIdentityRow = Selectable<ContactIdentitiesTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type ConversationUpdate = Updateable<ConversationsTable>;
export type MessageRow = Omit<Selectable<MessagesTable>, 'seq'>;
export type NewMessage = Insertable<MessagesTable>;
export type NoteRow = Selectable<NotesTable>;
export type ReceiptRow = Selectable<ReceiptsTable>;
export type JobRow = Selectable<JobsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type TriageModelRow = Selectable<TriageModelsTable>;
export type ListeningQueryRow = Selectable<ListeningQueriesTable>;
export type EmailMailboxCursorRow = Selectable<EmailMailboxCursorsTable>;
export type ContactNoteRow = Selectable<ContactNotesTable>;
export type ConversationReadRow = Selectable<ConversationReadsTable>;
export type WebchatSettingsRow = Selectable<WebchatSettingsTable>;
export type CallRow = Selectable<CallsTable>;
export type PendingStatusRow = Selectable<PendingStatusesTable>;
export type TriageTrainingJobRow = Selectable<TriageTrainingJobsTable>;
export type CustomerValueRuleRow = Selectable<CustomerValueRulesTable>;
