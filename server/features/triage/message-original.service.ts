import { inTransaction, type AppContext } from '../../app-context.js';
import { notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { personalDataKindsOf, sealedOriginalOf, storedTriageOf } from './triage.presenter.js';
import type { OriginalMessageView } from './triage.schemas.js';

/**
 * The text a customer actually posted, personal data included, for members allowed to read personal data.
 * Every read is recorded in the audit chain (`message.original_viewed`), in the same transaction.
 */
export async function readOriginalMessage(ctx: AppContext, actor: Actor, messageId: string): Promise<OriginalMessageView> {
  requirePermission(actor, 'personal_data:read');
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('messages').select(['id', 'conversation_id', 'text', 'metadata'])
      .where('workspace_id', '=', actor.workspaceId).where('id', '=', messageId).executeTakeFirst();
    if (row === undefined) throw notFound('Message');
    const sealed = sealedOriginalOf(row.metadata);
    const personalData = personalDataKindsOf(storedTriageOf(row.metadata));
    const view: OriginalMessageView = {
      id: row.id, conversationId: row.conversation_id, text: sealed === undefined ? row.text : ctx.secrets.open(sealed), masked: sealed !== undefined, personalData,
    };
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: 'message.original_viewed', objectType: 'message', objectId: row.id,
      after: { conversationId: row.conversation_id, personalData, masked: view.masked }, at: ctx.clock.now(),
    });
    return view;
  });
}
