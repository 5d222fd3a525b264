import { z } from 'zod';
import { customerValueView } from './customer-value.schemas.js';
import { modelTargets } from './triage-model.repo.js';
import { trainingStatuses } from './triage-training.repo.js';

const personalDataKinds = ['card', 'bank_account', 'phone', 'email', 'national_id'] as const;

export const messageTriageView = z.object({
  sentiment: z.object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number() }),
  intent: z.object({ label: z.string(), confidence: z.number(), decided: z.boolean() }),
  language: z.string(),
  languageReliable: z.boolean(),
  /** Kinds of personal data found; `personalDataMasked` tells whether the text shown has them masked. */
  personalData: z.array(z.enum(personalDataKinds)),
  personalDataMasked: z.boolean(),
  urgency: z.number(),
  influence: z.number(),
  /** Why the author counts as a valuable customer (the contact field and value the workspace's rule matched), raising the priority; null otherwise. */
  customerValue: customerValueView.nullable(),
  /** How viral a public message is, 0..1, from its reposts, replies and likes and how fast its thread gains customer messages; null for a private message (and one from before virality). */
  virality: z.number().nullable(),
  /** Why virality raised the priority (from 0.6 to high, from 0.85 with negative sentiment to urgent); null otherwise. */
  viralityReason: z.object({
    raisedTo: z.enum(['high', 'urgent']),
    /** Customer messages from other authors the thread gained in the hour before this one (stored ones estimated). */
    recentMessages: z.number().int(),
    /** The thread's growth: customer messages per hour, over the last hour or its age when younger. */
    perHour: z.number(),
    reposts: z.number().int(),
    replies: z.number().int(),
    likes: z.number().int(),
  }).nullable(),
  spam: z.object({ score: z.number(), isSpam: z.boolean() }),
});
/** What triage found on an inbound message, as the API and live events show it. */
export type MessageTriageView = z.infer<typeof messageTriageView>;

export const modelView = z.object({
  id: z.string(),
  target: z.enum(modelTargets),
  version: z.number().int(),
  active: z.boolean(),
  trainedAt: z.string(),
  trainedOn: z.object({
    source: z.string(),
    rows: z.number().int(),
    labels: z.record(z.string(), z.number()),
    metrics: z.object({ accuracy: z.number(), macroF1: z.number(), folds: z.number().int() }).nullable(),
    trainingSeconds: z.number().nullable(),
  }),
  createdBy: z.string().nullable(),
});
/** A stored model version as the API shows it (never its weights). */
export type ModelView = z.infer<typeof modelView>;

/** Most rows one training accepts, so a request or command stays within seconds to a minute. */
export const maxTrainingRows = 50_000;

export const trainModelBody = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('history'),
    target: z.literal('intent').default('intent'),
    folds: z.number().int().min(2).max(10).default(5),
  }),
  z.strictObject({
    source: z.literal('csv'),
    target: z.enum(modelTargets).default('intent'),
    /** The CSV itself, with a header row. */
    csv: z.string().min(1),
    textColumn: z.string().min(1).max(200).default('text'),
    labelColumn: z.string().min(1).max(200).default('label'),
    folds: z.number().int().min(2).max(10).default(5),
  }),
]);
/** How to train: from the queues agents moved conversations to, or from an uploaded CSV. */
export type TrainModelBody = z.infer<typeof trainModelBody>;

export const trainingView = z.object({
  id: z.string(),
  /** `queued` (waiting for a worker, or for a retry after a transient failure), `running`, `succeeded` or `failed`. */
  status: z.enum(trainingStatuses),
  target: z.enum(modelTargets),
  source: z.enum(['history', 'csv']),
  folds: z.number().int(),
  /** Tries so far (a worker that stopped mid-way, say, is retried). */
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The model version made and now active, once succeeded. */
  model: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  /** What it was trained on and its cross-validated quality, once succeeded. */
  result: z.object({
    rows: z.number().int(),
    labels: z.record(z.string(), z.number()),
    metrics: z.object({ accuracy: z.number(), macroF1: z.number(), folds: z.number().int() }).nullable(),
    trainingSeconds: z.number().nullable(),
  }).nullable(),
  /** Why it failed (or, while queued again, why the last try did). */
  error: z.string().nullable(),
});
/** A training of a triage model on the job queue. */
export type TrainingView = z.infer<typeof trainingView>;

export const originalMessageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** The text as the customer posted it, personal data included. */
  text: z.string(),
  /** Whether the stored text differs (was masked). */
  masked: z.boolean(),
  personalData: z.array(z.enum(personalDataKinds)),
});
/** The original of a message whose personal data was masked. */
export type OriginalMessageView = z.infer<typeof originalMessageView>;
