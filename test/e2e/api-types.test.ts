import { describe, expectTypeOf, it } from 'vitest';
import type { AnalyticsView } from '../../server/features/analytics/analytics.schemas.js';
import type { AccountView } from '../../server/features/channels/account.schemas.js';
import type { ContactDetailView, ContactNoteView, ContactView, IdentityView } from '../../server/features/contacts/contact.schemas.js';
import type { ConversationListItemView } from '../../server/features/conversations/conversation-summary.schemas.js';
import type { CallDetailsView, ConversationCountsView, ConversationView, HiddenStateView, MessageView, NoteView, ReadStateView } from '../../server/features/conversations/conversation.schemas.js';
import type { MemberView } from '../../server/features/auth/member.schemas.js';
import type { TokenView } from '../../server/features/auth/token.schemas.js';
import type { QueueView } from '../../server/features/queues/queue.schemas.js';
import type { MessageTriageView } from '../../server/features/triage/triage.schemas.js';
import type * as Web from '../../web/src/api/types.js';

// The browser app cannot import the server, so it mirrors the API's shapes; tsc fails here when they drift apart.
describe('the browser app\'s API types', () => {
  it('match the server\'s views', () => {
    expectTypeOf<Web.Conversation>().toEqualTypeOf<ConversationView>();
    expectTypeOf<Web.ConversationListItem>().toEqualTypeOf<ConversationListItemView>();
    expectTypeOf<Web.Message>().toEqualTypeOf<MessageView>();
    expectTypeOf<Web.MessageTriage>().toEqualTypeOf<MessageTriageView>();
    expectTypeOf<Web.Note>().toEqualTypeOf<NoteView>();
    expectTypeOf<Web.Member>().toEqualTypeOf<MemberView>();
    expectTypeOf<Web.Queue>().toEqualTypeOf<QueueView>();
    expectTypeOf<Web.Account>().toEqualTypeOf<AccountView>();
    // The app treats token scopes as plain strings (it never checks them), so the server's value only has to fit.
    expectTypeOf<TokenView>().toExtend<Web.ApiToken>();
    expectTypeOf<keyof Web.ApiToken>().toEqualTypeOf<keyof TokenView>();
    expectTypeOf<Web.Contact>().toEqualTypeOf<ContactView>();
    expectTypeOf<Web.Identity>().toEqualTypeOf<IdentityView>();
    expectTypeOf<Web.ContactNote>().toEqualTypeOf<ContactNoteView>();
    expectTypeOf<Web.ContactDetail>().toEqualTypeOf<ContactDetailView>();
    expectTypeOf<Web.HiddenState>().toEqualTypeOf<HiddenStateView>();
    expectTypeOf<Web.CallDetails>().toEqualTypeOf<CallDetailsView>();
    expectTypeOf<Web.ConversationCounts>().toEqualTypeOf<ConversationCountsView>();
    expectTypeOf<Web.ReadState>().toEqualTypeOf<ReadStateView>();
    expectTypeOf<Web.Analytics>().toEqualTypeOf<AnalyticsView>();
  });
});
