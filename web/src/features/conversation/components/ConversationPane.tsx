import { useImperativeHandle, useRef, type Ref } from 'react';
import type { Member, Message, Queue, Workspace } from '../../../api/types';
import { useEntities, useEntity } from '../../../lib/entity-table';
import { channelName } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { roleCan } from '../../../lib/permissions';
import { applyReadState, entities } from '../../../lib/store';
import { markConversationUnread } from '../../inbox/api/conversations.api';
import { contactLabel } from '../../inbox/components/ConversationRow';
import { useConversation } from '../hooks/useConversation';
import { useConversationActions } from '../hooks/useConversationActions';
import { ConversationActions, type ActionsHandle } from './ConversationActions';
import { Composer, type ComposerHandle } from './Composer';
import { Thread } from './Thread';

/** What the inbox's shortcuts can ask of the open conversation. */
export interface ConversationPaneHandle {
  reply(): void;
  note(): void;
  resolve(): void;
  assign(): void;
}

/** The open conversation: who and where, the actions, the thread and the composer. */
export function ConversationPane({ slug, workspace, conversationId, members, queues, viewerId, ref }: {
  slug: string;
  workspace: Workspace;
  conversationId: string;
  members: Member[];
  queues: Queue[];
  viewerId: string | null;
  ref?: Ref<ConversationPaneHandle>;
}) {
  const query = useConversation(slug, conversationId);
  const conversation = useEntity(entities.conversations, conversationId);
  const thread = useEntity(entities.threads, conversationId);
  const messages = useEntities(entities.messages, thread?.messageIds ?? emptyIds);
  const notes = useEntities(entities.notes, thread?.noteIds ?? emptyIds);
  const actions = useConversationActions(slug, conversationId);
  const composer = useRef<ComposerHandle>(null);
  const actionsBar = useRef<ActionsHandle>(null);
  const canWrite = roleCan(workspace.role, 'write');

  useImperativeHandle(ref, () => ({
    reply: () => composer.current?.focus('reply'),
    note: () => composer.current?.focus('note'),
    resolve: () => { if (canWrite && conversation !== undefined && conversation.status !== 'resolved') actions.update.mutate({ status: 'resolved' }); },
    assign: () => actionsBar.current?.focusAssign(),
  }), [actions.update, canWrite, conversation]);

  if (conversation === undefined || thread === undefined) {
    if (query.isError) return <section className="pane empty" aria-live="polite"><p className="form-error" role="alert">{errorMessage(query.error)}</p></section>;
    return <section className="pane empty" aria-busy="true"><p className="muted" role="status">Loading conversation…</p></section>;
  }

  const memberName = (userId: string | null) => members.find((member) => member.id === userId)?.name ?? 'Someone';
  const nameOfMessage = (message: Message) => (message.direction === 'inbound'
    ? contactLabel(conversation)
    : message.authorUserId !== null ? memberName(message.authorUserId) : entities.accounts.get(message.accountId)?.name ?? 'Brand');

  function handleRetry(message: Message) {
    actions.reply.mutate({ text: message.text, visibility: message.visibility, idempotencyKey: `retry-${message.id}` });
  }

  function handleMarkUnread() {
    markConversationUnread(slug, conversationId).then(applyReadState, () => undefined);
  }

  const actionError = actions.update.error ?? actions.hide.error ?? actions.reply.error;
  return (
    <section className="pane" aria-labelledby="conversation-title">
      <header className="pane-header">
        <div className="pane-title">
          <h1 id="conversation-title">{contactLabel(conversation)}</h1>
          <p className="muted">
            {channelName(conversation.channel)} · {conversation.visibility === 'public' ? 'Public' : 'Private'} · <span className={`status-text status-${conversation.status}`} data-testid="conversation-status">{conversation.status}</span>
            {conversation.subject !== null && <> · <span className="subject">{conversation.subject}</span></>}
          </p>
        </div>
        {conversation.lastInboundAt !== null && (
          <button type="button" className="button ghost small" onClick={handleMarkUnread} disabled={conversation.unread === true} title="Show it as unread in your inbox again">
            {conversation.unread === true ? 'Marked unread' : 'Mark unread'}
          </button>
        )}
        {canWrite && (conversation.status === 'resolved'
          ? <button type="button" className="button" disabled={actions.update.isPending} onClick={() => actions.update.mutate({ status: 'open' })}>Reopen</button>
          : <button type="button" className="button primary" disabled={actions.update.isPending} onClick={() => actions.update.mutate({ status: 'resolved' })} title="Resolve (e)">Resolve</button>)}
      </header>
      <ConversationActions ref={actionsBar} conversation={conversation} members={members} queues={queues} viewerId={viewerId} canWrite={canWrite}
        busy={actions.update.isPending} onChange={(change) => actions.update.mutate(change)} />
      {actionError !== null && <p className="form-error banner" role="alert">{errorMessage(actionError)}</p>}
      <Thread messages={messages} notes={notes} nameOfMessage={nameOfMessage} nameOfUser={memberName} timeZone={workspace.timeZone} busy={actions.reply.isPending}
        onRetry={handleRetry} onUseSuggestion={(text) => composer.current?.fill(text)} onHide={(message, reason, hidden) => actions.hide.mutate({ messageId: message.id, reason, hidden })} />
      {canWrite && (
        <Composer key={conversation.id} ref={composer} conversation={conversation} members={members}
          onReply={(text, visibility) => actions.reply.mutateAsync({ text, visibility })} onNote={(text) => actions.note.mutateAsync(text)} />
      )}
    </section>
  );
}

const emptyIds: string[] = [];
