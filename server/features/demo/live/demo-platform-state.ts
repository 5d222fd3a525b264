import type { AppContext } from '../../../app-context.js';
import { humanAgentWindowMs } from '../../channels/meta/meta.send-plan.js';
import type { XFake } from '../../channels/x/x.fake.js';
import { listDirectCustomers, listPlatformPeople, listPublicMessages, type StoredPublicMessage } from '../demo.repo.js';
import type { DemoFakes } from './demo-fakes.js';

/** What X accepts as a post id; messages pushed in with other ids (the inbound API) are not X posts. */
const xPostId = /^\d{1,19}$/;

/**
 * Teaches the fakes what the platforms would hold for the demo workspace, so an agent can answer any of its
 * conversations there: the X users, the X posts with their ids, authors and threads, the Facebook and Instagram
 * comments, and who wrote in private when (the messaging windows; HUMAN_AGENT answers may come up to seven days later).
 * It reads what Rapport stored rather than the scenarios, so conversations that arrived through the fakes before a
 * restart stay answerable too: the fakes forget everything when they stop.
 */
export async function rememberPlatformState(ctx: AppContext, fakes: DemoFakes, workspaceId: string): Promise<void> {
  const db = ctx.db.kysely;
  const customers = await listDirectCustomers(db, workspaceId, ['facebook', 'instagram', 'whatsapp'], ctx.clock.now() - humanAgentWindowMs);
  for (const customer of customers) fakes.meta.customerWrote(customer.brandPlatformId, customer.customerPlatformId, customer.lastInboundAt);
  for (const person of await listPlatformPeople(db, workspaceId, 'x')) {
    if (!xPostId.test(person.id) || fakes.x.store.users.has(person.id)) continue;
    const username = person.handle ?? `user${person.id}`;
    fakes.x.addUser({ id: person.id, username, name: person.name ?? username, verified: person.verified, ...(person.followers === null ? {} : { followers: person.followers }) });
  }
  for (const message of await listPublicMessages(db, workspaceId, ['x', 'facebook', 'instagram'])) {
    if (message.platform === 'x') rememberXPost(fakes.x, message);
    else fakes.meta.addComment(message.brandPlatformId, message.platformMessageId);
  }
}

/** A stored X post as the fake's own: same id, author, text, time and parent, so a reply under it is accepted and echoed. */
function rememberXPost(x: XFake, message: StoredPublicMessage): void {
  if (!xPostId.test(message.platformMessageId) || x.store.post(message.platformMessageId) !== undefined) return;
  const author = message.direction === 'outbound' ? message.brandPlatformId : message.authorPlatformId;
  if (author === null || !x.store.users.has(author)) return;
  x.addPost({
    id: message.platformMessageId, author, text: message.text, at: message.sentAt,
    ...(message.parentPlatformId === null || !xPostId.test(message.parentPlatformId) ? {} : { inReplyTo: message.parentPlatformId }),
  });
}
