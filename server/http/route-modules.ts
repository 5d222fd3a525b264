import type { Runtime } from '../runtime.js';
import type { RapportApp } from './rapport-app.js';
import { registerLiveRoutes } from '../features/live/live.routes.js';
import { registerWorkspaceRoutes } from '../features/workspaces/workspace.routes.js';
import { registerUserRoutes } from '../features/auth/user.routes.js';
import { registerTokenRoutes } from '../features/auth/token.routes.js';
import { registerAccountRoutes } from '../features/channels/account.routes.js';
import { registerQueueRoutes } from '../features/queues/queue.routes.js';
import { registerContactRoutes } from '../features/contacts/contact.routes.js';
import { registerAuditRoutes } from '../features/audit/audit.routes.js';
import { registerChannelRoutes } from '../features/channels/channel.routes.js';
import { registerTriageRoutes } from '../features/triage/triage.routes.js';
import { registerAnalyticsRoutes } from '../features/analytics/analytics.routes.js';
import { registerListeningRoutes } from '../features/listening/listening.routes.js';
import { registerCallRoutes } from '../features/calls/call.routes.js';
import { registerWebchatRoutes } from '../features/channels/webchat/webchat.routes.js';
import { registerWebchatDemoRoutes } from '../features/demo/webchat-demo.js';
import { registerWebRoutes } from '../features/web/web.routes.js';

/** Further route modules (admin, contacts, live, …), each `register(app, runtime)`; one line per module. */
export const routeModules: Array<(app: RapportApp, runtime: Runtime) => void> = [
  registerLiveRoutes,
  registerWorkspaceRoutes,
  registerUserRoutes,
  registerTokenRoutes,
  registerAccountRoutes,
  registerQueueRoutes,
  registerContactRoutes,
  registerAuditRoutes,
  registerChannelRoutes,
  registerTriageRoutes,
  registerAnalyticsRoutes,
  registerListeningRoutes,
  registerCallRoutes,
  registerWebchatRoutes,
  registerWebchatDemoRoutes,
  registerWebRoutes,
];
