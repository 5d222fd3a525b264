import type { InboundMessageEvent } from '../../../common/inbound.js';
import type { Logger } from '../../infra/logger.js';
import type { SecretBox } from '../../infra/secret-box.js';
import type { Enricher, Enrichment } from '../ingest/ingest-messages.js';
import type { CustomerValue } from './customer-value.schemas.js';
import { maskPersonalData } from './personal-data.service.js';
import type { ModelVersions, TriageModelCache, WorkspaceModels } from './triage-model.cache.js';
import { triageMessage } from './triage.service.js';
import type { PersonalDataKind, PersonalDataSpan, Triage, TriageInput } from './triage.types.js';
import type { StoredVirality } from './virality.js';

/** Priority indexes (see common/enums priorities). */
const HIGH = 2;
const URGENT = 3;

/** Intents that always make a conversation urgent when the classifier is sure of them. */
const urgentIntents = new Set(['legal_threat', 'safety']);
/** Kinds masked even in a private message: nobody in care needs them in the clear. */
const alwaysMasked = new Set<PersonalDataKind>(['card', 'bank_account', 'national_id']);

/** What triage stores on a message under `metadata.triage` (the masked text is the message text itself). */
export interface StoredTriage {
  sentiment: Triage['sentiment'];
  language: string;
  languageReliable: boolean;
  intent: Triage['intent'];
  personalData: PersonalDataSpan[];
  /** Whether the stored text had personal data masked (the original is in `metadata.sealedOriginal`). */
  masked: boolean;
  urgency: number;
  influence: number;
  spam: Triage['spam'];
  models: ModelVersions;
  /**
   * Why the author counts as a valuable customer: not written by triage but by ingest, under `metadata.customerValue`,
   * once the author's contact is known; the presenter reads it in here.
   */
  customerValue?: CustomerValue;
  /** How viral a public message is: written by ingest under `metadata.virality` (see ingest-virality.ts), read in here by the presenter. */
  virality?: StoredVirality;
}

/** What triage reads of an inbound message: its text, where it was posted and its author's reach (virality is ingest's: it depends on the thread). */
export type TriageSubject = TriageInput & Pick<InboundMessageEvent, 'visibility'>;

/**
 * Triage's enrichment before the original text is sealed: computed wherever triage runs (a worker thread holds no key).
 * `text` is set only when personal data was masked.
 */
export interface TriageDraft {
  /** The StoredTriage, as JSON text. */
  triage: string;
  priority: number | undefined;
  text?: string;
  /** Judged spam: nothing may raise its priority. */
  spam?: true;
}

/**
 * The priority floor triage sets: urgent for legal threats, safety and very high urgency; high for outages and time
 * pressure, influential authors, strong anger and personal data posted in public. Spam never raises priority.
 */
export function priorityFloor(triage: Triage, publicPersonalData: boolean): number | undefined {
  if (triage.spam.isSpam) return undefined;
  if (triage.urgency >= 0.85 || (urgentIntents.has(triage.intent.label) && triage.intent.confidence >= 0.7)) return URGENT;
  if (triage.urgency >= 0.6 || triage.influence >= 0.75 || publicPersonalData) return HIGH;
  if (triage.sentiment.label === 'negative' && triage.sentiment.score <= -0.9) return HIGH;
  return undefined;
}

/** The text to store: everything masked in a public post; in a private message only what no agent needs (cards, accounts, ids). */
function maskedTextOf(triage: Triage, subject: TriageSubject): string {
  const spans = triage.personalData;
  if (spans.length === 0) return subject.text;
  if (subject.visibility === 'public' || spans.every((span) => alwaysMasked.has(span.kind))) return triage.maskedText;
  return maskPersonalData(subject.text, spans.filter((span) => alwaysMasked.has(span.kind)));
}

/** The fields of an inbound message triage reads, and nothing else (what a worker thread is sent). */
export function triageSubjectOf(event: InboundMessageEvent): TriageSubject {
  const { followers, verified } = event.author;
  return { text: event.text, visibility: event.visibility, author: { followers, verified } };
}

/** Triages one message with a workspace's models: metadata, a priority floor and, with personal data, the masked text. */
export function draftTriage(subject: TriageSubject, workspace: WorkspaceModels): TriageDraft {
  const triage = triageMessage(subject, workspace.models);
  const spans = triage.personalData;
  const masked = maskedTextOf(triage, subject);
  const changed = masked !== subject.text;
  const stored: StoredTriage = {
    sentiment: triage.sentiment, language: triage.language, languageReliable: triage.languageReliable, intent: triage.intent,
    personalData: spans, masked: changed, urgency: triage.urgency, influence: triage.influence, spam: triage.spam, models: workspace.versions,
  };
  const priority = priorityFloor(triage, spans.length > 0 && subject.visibility === 'public');
  const draft: TriageDraft = changed ? { triage: JSON.stringify(stored), priority, text: masked } : { triage: JSON.stringify(stored), priority };
  if (triage.spam.isSpam) draft.spam = true;
  return draft;
}

/** Turns a draft into what ingest stores; the original of a masked text is kept only sealed (AES-GCM), for audit and for members allowed to read personal data. */
export function sealDraft(draft: TriageDraft, originalText: string, secrets: SecretBox): Enrichment {
  const enrichment: Enrichment = draft.text === undefined
    ? { metadata: `{"triage":${draft.triage}}`, priority: draft.priority }
    : { metadata: `{"triage":${draft.triage},"sealedOriginal":${JSON.stringify(secrets.seal(originalText))}}`, priority: draft.priority, text: draft.text };
  if (draft.spam === true) enrichment.spam = true;
  return enrichment;
}

/** The enricher that triages in the calling thread, with the workspace's models (tests, the CLI, and the fallback of the worker pool). */
export function createTriageEnricher(cache: TriageModelCache, secrets: SecretBox, logger: Logger): Enricher {
  return {
    async enrich(workspaceId, events) {
      return events.map((event) => {
        try {
          return sealDraft(draftTriage(triageSubjectOf(event), cache.modelsFor(workspaceId)), event.text, secrets);
        } catch (error) {
          // Triage is an aid: a message is never held back because it could not be scored.
          logger.error({ err: error, workspaceId, platformMessageId: event.platformMessageId }, 'triage of an inbound message failed');
          return undefined;
        }
      });
    },
  };
}
