import type { SendMailOptions } from 'nodemailer';
import type { SmtpSettings } from './email.credentials.js';
import { isSyntheticMessageId, rapportMessageId, replyReferences, replySubject } from './email.headers.js';
import type { LastInbound } from './email.repo.js';

/** What a reply email is made of, decided before anything is sent. */
export interface ReplyPlan {
  /** `<rapport-<message id>@<from domain>>`: the same on every try, so a retry cannot fork the thread. */
  messageId: string;
  to: string;
  subject: string;
  inReplyTo: string | undefined;
  references: string[];
  text: string;
}

/** What a reply is composed from. */
export interface ReplyFacts {
  message: { id: string; text: string };
  settings: Pick<SmtpSettings, 'fromAddress'>;
  to: string;
  /** The customer's latest message in the conversation; undefined when Rapport writes first. */
  parent: LastInbound | undefined;
  conversationSubject: string | null;
}

/**
 * Plans a reply that mail programs thread under the customer's last message: In-Reply-To is that message's
 * Message-ID, References its References plus that id, the subject is "Re: …" without stacking prefixes.
 */
export function planReply(facts: ReplyFacts): ReplyPlan {
  const parentId = facts.parent?.platformMessageId ?? undefined;
  // An id Rapport invented for mail without a Message-ID means nothing to the customer's mail program.
  const inReplyTo = parentId !== undefined && !isSyntheticMessageId(parentId) ? parentId : undefined;
  return {
    messageId: rapportMessageId(facts.message.id, facts.settings.fromAddress),
    to: facts.to,
    subject: replySubject(facts.parent?.subject ?? facts.conversationSubject),
    inReplyTo,
    references: replyReferences((facts.parent?.threadRefs ?? []).filter((ref) => !isSyntheticMessageId(ref)), inReplyTo),
    text: facts.message.text,
  };
}

/** The nodemailer message of a plan. */
export function mailOptions(plan: ReplyPlan, settings: Pick<SmtpSettings, 'fromAddress' | 'fromName'>): SendMailOptions {
  return {
    from: { name: settings.fromName, address: settings.fromAddress },
    to: plan.to,
    subject: plan.subject,
    text: plan.text,
    messageId: plan.messageId,
    ...(plan.inReplyTo === undefined ? {} : { inReplyTo: plan.inReplyTo }),
    ...(plan.references.length === 0 ? {} : { references: plan.references }),
    // Nobody should answer a care agent's reply with an out-of-office loop; this is a person writing, not a robot.
    headers: { 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  };
}
