/**
 * The intents of the care-intent model Rapport ships (server/features/triage/models/care-intent.model.json), offered as
 * inbox filters; a workspace that trained its own intent model may have others besides.
 */
export const careIntents = [
  'account_access', 'card_or_payment', 'complaint', 'delivery_or_delay', 'job_application', 'lead', 'legal_threat', 'praise', 'question', 'refund', 'safety', 'spam',
] as const;
