import type { Role } from '../../../common/enums.js';
import { inboundEvent, type InboundEventInput } from '../../../common/inbound.js';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/app-error.js';
import { systemActor, type Actor } from '../auth/actor.js';
import { createUser } from '../auth/user.service.js';
import { createChannelAccount } from '../channels/account.service.js';
import { recordingAdapter } from '../channels/outbound.port.js';
import { addNote, updateConversation } from '../conversations/conversation.service.js';
import type { UpdateConversationBody } from '../conversations/conversation.schemas.js';
import type { IngestPipeline } from '../ingest/ingest.service.js';
import { createQueue } from '../queues/queue.service.js';
import { queueReply } from '../replies/reply.service.js';
import { createWorkspace, findWorkspace } from '../workspaces/workspace.service.js';
import { demoAccountsFor } from './demo-channels.js';
import { writeDemoCredentials } from './demo-credentials.js';
import { messagingScenarios } from './demo-messaging.data.js';
import { brandReplyEvent, scenarioEvents, type DemoHandling, type DemoScenario, type QueueSlug, type StaffKey } from './demo-scenario.js';
import { socialScenarios } from './demo-social.data.js';

/** The demo workspace's slug and its admin's sign-in email. */
export const demoWorkspaceSlug = 'demo';
export const demoAdminEmail = 'admin@rapport.local';

/** What seeding made, and how to sign in. */
export interface DemoSeedResult {
  workspaceId: string;
  adminEmail: string;
  adminPassword: string;
  credentialsFile: string;
  conversations: number;
}

const staff: ReadonlyArray<{ key: StaffKey; email: string; name: string; role: Role }> = [
  { key: 'alex', email: demoAdminEmail, name: 'Alex Morgan', role: 'admin' },
  { key: 'priya', email: 'priya.shah@rapport.local', name: 'Priya Shah', role: 'supervisor' },
  { key: 'tom', email: 'tom.okafor@rapport.local', name: 'Tom Okafor', role: 'agent' },
  { key: 'lena', email: 'lena.fischer@rapport.local', name: 'Lena Fischer', role: 'agent' },
  { key: 'marco', email: 'marco.rossi@rapport.local', name: 'Marco Rossi', role: 'agent' },
  { key: 'ana', email: 'ana.costa@rapport.local', name: 'Ana Costa', role: 'analyst' },
];

const queues: ReadonlyArray<{ slug: QueueSlug; name: string; members: StaffKey[] }> = [
  { slug: 'help', name: 'Help desk', members: ['tom', 'lena', 'marco'] },
  { slug: 'cards', name: 'Cards & payments', members: ['marco'] },
  { slug: 'careers', name: 'Careers', members: ['lena'] },
  { slug: 'legal', name: 'Legal', members: ['priya'] },
  { slug: 'corporate-communications', name: 'Corporate communications', members: ['priya'] },
];

/** Every demo conversation, oldest first. */
export const demoScenarios: readonly DemoScenario[] = [...socialScenarios, ...messagingScenarios].sort((a, b) => b.hoursAgo - a.hoursAgo);

/**
 * Seeds the demo workspace "Acme Air": staff, queues, one account per channel (connected with the secrets the local
 * platform fakes share, see demo-channels.ts) and some sixty conversations pushed through the real ingest pipeline,
 * then triaged, answered and resolved through the conversation and reply services.
 * The admin's password is written to the data directory (mode 600).
 */
export async function seedDemoWorkspace(ctx: AppContext, ingest: IngestPipeline, options: { adminPassword: string }): Promise<DemoSeedResult> {
  if (await findWorkspace(ctx.db.kysely, demoWorkspaceSlug) !== undefined) {
    throw new AppError('DUPLICATE', `The demo workspace already exists (slug "${demoWorkspaceSlug}")`, [{ path: 'slug', message: 'already taken' }]);
  }
  const workspace = await createWorkspace(ctx, { slug: demoWorkspaceSlug, name: 'Acme Air', timeZone: 'Europe/London' }, { type: 'system', id: null, userId: null });
  const system = systemActor(workspace.id);
  const actors = new Map<StaffKey, Actor>();
  for (const member of staff) {
    const password = member.key === 'alex' ? options.adminPassword : undefined;
    const user = await createUser(ctx, system, { email: member.email, name: member.name, role: member.role, ...(password === undefined ? {} : { password }) });
    actors.set(member.key, { type: 'user', id: user.id, userId: user.id, workspaceId: workspace.id, role: member.role });
  }
  await createQueues(ctx, system, actors);
  for (const account of demoAccountsFor()) await createChannelAccount(ctx, system, account);

  const now = ctx.clock.now();
  for (const [index, scenario] of demoScenarios.entries()) {
    const events = scenarioEvents(scenario, index, now, (key) => staff.find((member) => member.key === key)?.email);
    const conversationId = await ingestEvents(ctx, ingest, workspace.id, events, `demo conversation ${index}`);
    if (scenario.handling !== undefined) await handle(ctx, ingest, actors, { conversationId, scenario, handling: scenario.handling, index, now });
  }
  const credentialsFile = await writeDemoCredentials(ctx.config.dataDir, { email: demoAdminEmail, password: options.adminPassword });
  return { workspaceId: workspace.id, adminEmail: demoAdminEmail, adminPassword: options.adminPassword, credentialsFile, conversations: demoScenarios.length };
}

async function createQueues(ctx: AppContext, system: Actor, actors: ReadonlyMap<StaffKey, Actor>): Promise<void> {
  for (const queue of queues) {
    const memberIds = queue.members.map((key) => actors.get(key)?.userId).filter((id): id is string => typeof id === 'string');
    await createQueue(ctx, system, { slug: queue.slug, name: queue.name, memberIds });
  }
}

/** Pushes messages in as the inbound API would, and returns the conversation they landed in. */
async function ingestEvents(ctx: AppContext, ingest: IngestPipeline, workspaceId: string, raw: InboundEventInput[], what: string): Promise<string> {
  const result = await ingest.accept({ workspaceId, source: 'api', payload: JSON.stringify(raw), events: raw.map((event) => inboundEvent.parse(event)) });
  const conversationId = result.outcomes.find((outcome) => outcome.conversationId !== undefined)?.conversationId;
  if (result.status !== 'processed' || conversationId === undefined) {
    throw new Error(`${what} was not ingested: ${result.outcomes.map((outcome) => outcome.reason ?? outcome.status).join(', ')}`);
  }
  return conversationId;
}

/** One demo conversation as the team handles it. */
interface HandledConversation {
  conversationId: string;
  scenario: DemoScenario;
  handling: DemoHandling;
  index: number;
  now: number;
}

/** Triage first (by the supervisor), then the owner's note and reply, then the outcome. */
async function handle(ctx: AppContext, ingest: IngestPipeline, actors: ReadonlyMap<StaffKey, Actor>, work: HandledConversation): Promise<void> {
  const { conversationId, handling, now } = work;
  const supervisor = actors.get('priya') as Actor;
  const owner = (handling.assignee === undefined ? undefined : actors.get(handling.assignee)) ?? supervisor;
  const triage: UpdateConversationBody = {
    ...(handling.queue === undefined ? {} : { queueId: handling.queue }),
    ...(handling.assignee === undefined ? {} : { assigneeId: owner.userId }),
    ...(handling.priority === undefined ? {} : { priority: handling.priority }),
    ...(handling.tags === undefined ? {} : { addTags: handling.tags }),
  };
  if (Object.keys(triage).length > 0) await updateConversation(ctx, supervisor, conversationId, triage);
  if (handling.note !== undefined) await addNote(ctx, owner, conversationId, handling.note);
  if (handling.reply !== undefined) await reply(ctx, ingest, owner, work, handling.reply);
  if (handling.status === 'snoozed') {
    await updateConversation(ctx, owner, conversationId, { status: 'snoozed', snoozedUntil: new Date(now + 20 * 3_600_000).toISOString() });
  } else if (handling.status !== undefined) {
    await updateConversation(ctx, owner, conversationId, { status: handling.status });
  }
}

/**
 * The assignee's reply, queued through Rapport where the platform's stand-in adapter records it as sent; a platform with a
 * real adapter would need the account's credentials, so there the demo has the brand answer on the platform itself.
 */
async function reply(ctx: AppContext, ingest: IngestPipeline, owner: Actor, work: HandledConversation, text: string): Promise<void> {
  if (ctx.outbound.adapterFor(work.scenario.channel) === recordingAdapter) {
    await queueReply(ctx, owner, work.conversationId, { text, idempotencyKey: `demo-reply-${work.conversationId}` });
    return;
  }
  await ingestEvents(ctx, ingest, owner.workspaceId, [brandReplyEvent(work.scenario, work.index, work.now, text)], `the reply in demo conversation ${work.index}`);
}
