import type { InboundEventInput } from '../../common/inbound.js';
import { seededRandom } from '../../common/seeded-random.js';
import { careTextWriter, pick, zipfSampler } from './care-text.js';

/** The channel accounts of the benchmark brand (x/acme also comes from the test seed). */
export const benchAccounts = [
  { channel: 'x', handle: 'acme' },
  { channel: 'x', handle: 'acmehelp' },
  { channel: 'facebook', handle: 'acmepage' },
  { channel: 'instagram', handle: 'acme.shop' },
  { channel: 'whatsapp', handle: '15550100' },
  { channel: 'email', handle: 'support@acme.example' },
] as const;

type BenchAccount = (typeof benchAccounts)[number];
type MessageInput = Extract<InboundEventInput, { kind: 'message' }>;

/** What kinds of event the stream holds, for the report. */
export interface EventMix {
  newThreads: number;
  continuations: number;
  brandEchoes: number;
  statusUpdates: number;
}

interface Sent {
  id: string;
  account: BenchAccount;
  visibility: 'public' | 'private';
  customerId: string;
  refs: string[];
}

// Share of new threads that are public posts or comments; the rest are direct messages.
const publicShare: Record<BenchAccount['channel'], number> = { x: 0.7, facebook: 0.5, instagram: 0.4, whatsapp: 0, email: 0 };

const recentWindow = 3_000;

/** What the generator remembers between events: recent messages to answer, the brand's echoes, profiles. */
interface StreamState {
  random: () => number;
  text: () => string;
  customers: () => number;
  recent: Sent[];
  echoes: Sent[];
  followers: Map<string, number>;
  mix: EventMix;
}

/**
 * A realistic inbound stream: mentions, DMs and emails on several accounts, repeat customers (Zipf), about 30% replies and
 * DM follow-ups that thread into existing conversations, brand echoes answering customers and delivery statuses.
 */
export function generateInboundEvents(count: number, seed = 7, prefix = 'bench'): { events: InboundEventInput[]; mix: EventMix } {
  const random = seededRandom(seed);
  const state: StreamState = {
    random, text: careTextWriter(random),
    // Repeat customers: a long tail of one-off writers and regulars, but no single customer owns a visible share of the traffic.
    customers: zipfSampler(Math.max(50, Math.floor(count / 2)), 1, random, 100),
    recent: [], echoes: [], followers: new Map(), mix: { newThreads: 0, continuations: 0, brandEchoes: 0, statusUpdates: 0 },
  };
  const events: InboundEventInput[] = [];
  let clock = Date.UTC(2026, 10, 1);
  for (let i = 0; i < count; i += 1) {
    clock += 1 + Math.floor(random() * 100);
    events.push(nextEvent(state, `${prefix}-${i}`, new Date(clock).toISOString()));
  }
  return { events, mix: state.mix };
}

function nextEvent(state: StreamState, id: string, sentAt: string): InboundEventInput {
  const { random, recent, echoes, mix } = state;
  const roll = random();
  // Answers go mostly to recent messages: the parent is picked with a bias towards the newest.
  const parent = recent.length > 0 ? recent[recent.length - 1 - Math.floor(random() * random() * recent.length)] : undefined;
  if (roll < 0.02 && echoes.length > 0) {
    const echo = pick(echoes, random);
    mix.statusUpdates += 1;
    return { kind: 'status', channel: echo.account.channel, account: echo.account.handle, platformMessageId: echo.id, status: random() < 0.5 ? 'delivered' : 'read', at: sentAt };
  }
  if (roll < 0.10 && parent !== undefined) {
    const account = parent.account;
    remember(echoes, { ...parent, id });
    mix.brandEchoes += 1;
    return message(id, parent, account, { direction: 'outbound', author: { platformUserId: `brand-${account.handle}`, handle: account.handle }, recipient: author(state, parent.customerId, account.channel), text: state.text(), sentAt });
  }
  if (roll < 0.40 && parent !== undefined) {
    remember(recent, { ...parent, id, refs: [...parent.refs, parent.id].slice(-10) });
    mix.continuations += 1;
    return message(id, parent, parent.account, { author: author(state, parent.customerId, parent.account.channel), text: state.text(), sentAt });
  }
  const account = pick(benchAccounts, random);
  const customerId = `c${state.customers()}`;
  const visibility = random() < publicShare[account.channel] ? 'public' : 'private';
  remember(recent, { id, account, visibility, customerId, refs: [] });
  mix.newThreads += 1;
  return message(id, undefined, account, { author: author(state, customerId, account.channel), text: state.text(), sentAt, visibility });
}

function remember(list: Sent[], sent: Sent): void {
  list.push(sent);
  if (list.length > recentWindow) list.shift();
}

function author(state: StreamState, customerId: string, platform: string): MessageInput['author'] {
  // Profiles change now and then (a follower more), so some events refresh a known identity.
  const count = (state.followers.get(customerId) ?? Math.floor(state.random() * 5_000)) + (state.random() < 0.1 ? 1 : 0);
  state.followers.set(customerId, count);
  return { platformUserId: customerId, handle: `${platform}_${customerId}`, displayName: `Customer ${customerId}`, followers: count };
}

function message(id: string, parent: Sent | undefined, account: BenchAccount, fields: Pick<MessageInput, 'author' | 'text' | 'sentAt'> & Partial<MessageInput>): MessageInput {
  const base: MessageInput = { kind: 'message', channel: account.channel, account: account.handle, platformMessageId: id, visibility: parent?.visibility ?? 'private', ...fields };
  if (parent === undefined) return account.channel === 'email' ? { ...base, subject: `Order ${id}` } : base;
  // Email threads by In-Reply-To / References; public replies name their parent; DMs thread by the contact's open conversation.
  if (account.channel === 'email') return { ...base, parentPlatformId: parent.id, ...(parent.refs.length > 0 ? { threadRefs: parent.refs } : {}), subject: 'Re: your order' };
  return base.visibility === 'public' || fields.direction === 'outbound' ? { ...base, parentPlatformId: parent.id } : base;
}
