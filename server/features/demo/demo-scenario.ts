import type { CallDisposition, Platform, Priority } from '../../../common/enums.js';
import type { Attachment, InboundAuthor, InboundEventInput } from '../../../common/inbound.js';
import { demoAccountsFor } from './demo-channels.js';

/** The demo's staff, by first name. */
export type StaffKey = 'alex' | 'priya' | 'tom' | 'lena' | 'marco' | 'ana';

/** The demo's queues, by slug. */
export type QueueSlug = 'help' | 'cards' | 'careers' | 'legal' | 'corporate-communications';

/** A customer as their platform identifies them. */
export interface DemoCustomer {
  id: string;
  name: string;
  handle?: string;
  followers?: number;
  verified?: boolean;
  email?: string;
  phone?: string;
}

/** One message of a demo conversation. */
export interface DemoMessage {
  /** Minutes after the conversation starts. */
  at: number;
  text: string;
  /** Sent by the brand on the platform itself (not through Rapport), so it arrives as an outbound echo. */
  fromBrand?: boolean;
  /** Someone other than the conversation's customer joining a public thread. */
  by?: DemoCustomer;
  subject?: string;
  attachments?: Attachment[];
  /** A phone call (on the phone account) as the telephony system records it; `text` is the agent's notes. */
  call?: DemoCall;
}

/** What the telephony system recorded of a call. */
export interface DemoCall {
  /** Who called: the customer (inbound, the default) or the agent (outbound). */
  direction?: 'inbound' | 'outbound';
  disposition: CallDisposition;
  seconds: number;
  agent?: StaffKey;
  /** Whether the telephony system kept a recording. */
  recorded?: boolean;
}

/** What the team did with a conversation after it arrived, through the conversation and reply services. */
export interface DemoHandling {
  queue?: QueueSlug;
  assignee?: StaffKey;
  priority?: Priority;
  tags?: string[];
  status?: 'pending' | 'resolved' | 'snoozed';
  /** A reply the assignee queues through Rapport. */
  reply?: string;
  /** An internal note by the assignee (or the supervisor when unassigned). */
  note?: string;
}

/** One demo conversation: who, where, when, what was said, and how it was handled. */
export interface DemoScenario {
  channel: Platform;
  visibility: 'public' | 'private';
  customer: DemoCustomer;
  /** When the first message was sent, in hours before now. */
  hoursAgo: number;
  messages: DemoMessage[];
  handling?: DemoHandling;
}

/**
 * Turns a scenario into inbound events in the inbound API's input form, with times relative to `now`; calls name their
 * agent by the email `agentEmail` gives.
 */
export function scenarioEvents(scenario: DemoScenario, index: number, now: number, agentEmail: (key: StaffKey) => string | undefined = () => undefined): InboundEventInput[] {
  const account = accountOf(scenario);
  const start = now - scenario.hoursAgo * 3_600_000;
  const ids: string[] = [];
  return scenario.messages.map((message, position) => {
    const id = platformMessageId(scenario.channel, index, position);
    // Never in the future, whatever the scenario says.
    const at = new Date(Math.min(start + message.at * 60_000, now - 60_000)).toISOString();
    if (message.call !== undefined) return callEvent(scenario, account, id, at, message, message.call, agentEmail);
    const threaded = scenario.visibility === 'public' || scenario.channel === 'email';
    const parent = threaded ? ids.at(-1) : undefined;
    const references = scenario.channel === 'email' && ids.length > 0 ? [...ids] : undefined;
    ids.push(id);
    const customer = author(message.by ?? scenario.customer);
    return {
      kind: 'message', channel: scenario.channel, account: account.handle, platformMessageId: id, visibility: scenario.visibility,
      direction: message.fromBrand === true ? 'outbound' : 'inbound',
      author: message.fromBrand === true ? brandOf(account) : customer,
      ...(message.fromBrand === true ? { recipient: customer } : {}),
      ...(parent === undefined ? {} : { parentPlatformId: parent }),
      ...(references === undefined ? {} : { threadRefs: references }),
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      ...(message.attachments === undefined ? {} : { attachments: message.attachments }),
      text: message.text,
      sentAt: at,
    };
  });
}

/** A call of a scenario, as the calls API would record it. */
function callEvent(scenario: DemoScenario, account: { handle: string }, id: string, at: string, message: DemoMessage, call: DemoCall, agentEmail: (key: StaffKey) => string | undefined): InboundEventInput {
  const { customer } = scenario;
  const agent = call.agent === undefined ? undefined : agentEmail(call.agent);
  return {
    kind: 'call', channel: 'phone', account: account.handle, platformMessageId: id, direction: call.direction ?? 'inbound',
    callerNumber: customer.phone ?? customer.id, startedAt: at, durationSeconds: call.seconds, disposition: call.disposition,
    ...(agent === undefined ? {} : { agent }),
    ...(message.text === '' ? {} : { notes: message.text }),
    ...(call.recorded === true ? { recordingUrl: `https://pbx.acme-air.example/recordings/${id}.mp3` } : {}),
    contact: { name: customer.name, ...(customer.email === undefined ? {} : { email: customer.email }) },
  };
}

/** The brand's answer to a scenario's last message, sent on the platform itself and arriving as an outbound echo. */
export function brandReplyEvent(scenario: DemoScenario, index: number, now: number, text: string): InboundEventInput {
  const account = accountOf(scenario);
  const last = platformMessageId(scenario.channel, index, scenario.messages.length - 1);
  return {
    kind: 'message', channel: scenario.channel, account: account.handle, platformMessageId: platformMessageId(scenario.channel, index, 99),
    visibility: scenario.visibility, direction: 'outbound', author: brandOf(account), recipient: author(scenario.customer),
    parentPlatformId: last, text, sentAt: new Date(now - 30_000).toISOString(),
  };
}

const demoAccounts = demoAccountsFor();

function accountOf(scenario: DemoScenario): { channel: Platform; handle: string } {
  const account = demoAccounts.find((candidate) => candidate.channel === scenario.channel);
  if (account === undefined) throw new Error(`the demo has no ${scenario.channel} account`);
  return account;
}

function brandOf(account: { handle: string }): InboundAuthor {
  return { platformUserId: `brand-${account.handle}`, handle: account.handle, displayName: 'Acme Air', verified: true };
}

function platformMessageId(channel: Platform, scenario: number, position: number): string {
  const serial = `${String(scenario).padStart(3, '0')}${String(position).padStart(2, '0')}`;
  if (channel === 'email') return `<demo.${serial}@mail.acme-air.example>`;
  if (channel === 'x') return `18600000000${serial}`;
  return `demo-${channel}-${serial}`;
}

function author(customer: DemoCustomer): InboundAuthor {
  return {
    platformUserId: customer.id, displayName: customer.name,
    ...(customer.handle === undefined ? {} : { handle: customer.handle }),
    ...(customer.followers === undefined ? {} : { followers: customer.followers }),
    ...(customer.verified === undefined ? {} : { verified: customer.verified }),
    ...(customer.email === undefined ? {} : { email: customer.email }),
    ...(customer.phone === undefined ? {} : { phone: customer.phone }),
  };
}
