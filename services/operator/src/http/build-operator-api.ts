/** The operator API with every route: what `startOperator` listens with and the tests inject into. */
import type { AgentDesk } from '@kindly/escalation';
import type { ReplyDesk } from '@kindly/tracker';
import { accountsRoutes } from '../routes/accounts.routes.js';
import { auditRoutes } from '../routes/audit.routes.js';
import { auditRecordsRoutes } from '../routes/audit-records.routes.js';
import { auditSearchRoutes } from '../routes/audit-search.routes.js';
import { campaignsRoutes } from '../routes/campaigns.routes.js';
import { deskRoutes } from '../routes/desk.routes.js';
import { keysRoutes } from '../routes/keys.routes.js';
import { messageContentRoutes } from '../routes/message-content.routes.js';
import { replyDeskRoutes } from '../routes/reply-desk.routes.js';
import type { RouteDeps } from '../routes/route-deps.js';
import { selfRoutes } from '../routes/self.routes.js';
import { dashboardRoutes, type ConsumerLag } from '../routes/dashboard.routes.js';
import { deadLettersRoutes, type Rewrite } from '../routes/dead-letters.routes.js';
import { recoveryRoutes } from '../routes/recovery.routes.js';
import { rulesRoutes } from '../routes/rules.routes.js';
import type { PendingStatus } from '@kindly/service';
import type { DeadLetters } from '../dead-letters/dead-letters.repository.js';
import {
  accountActionsRoutes,
  type AccountEventPublisher,
} from '../routes/account-actions.routes.js';
import { serveConsole } from './console-files.js';
import { createOperatorApp } from './operator-api.js';

/** The API's version in its OpenAPI document: the package's. */
export const API_VERSION = '0.1.0';

export async function buildOperatorApi(
  deps: RouteDeps & {
    readonly desk: AgentDesk;
    /** Customers' replies in their own words (the tracker's store). */
    readonly replies: ReplyDesk;
    readonly ratePerMinute: number;
    /** How far each consumer group is behind (the dashboard). */
    readonly lag: () => Promise<readonly ConsumerLag[]>;
    readonly deadLetters: DeadLetters;
    /** The pending stores' recovery figures (the services hosted in this process). */
    readonly pending: () => Promise<readonly PendingStatus[]>;
    /** Writes a dead letter back to its topic. */
    readonly rewrite: Rewrite;
    /** Publishes the account events operations' actions become. */
    readonly accountEvents: AccountEventPublisher;
    /** The console's build to serve from `/`; none, no console. */
    readonly consoleDir?: string;
  },
) {
  const app = await createOperatorApp({
    keys: deps.keys,
    logger: deps.logger,
    ratePerMinute: deps.ratePerMinute,
    version: API_VERSION,
  });
  selfRoutes(app);
  keysRoutes(app, deps);
  accountsRoutes(app, deps);
  messageContentRoutes(app, deps);
  accountActionsRoutes(app, deps);
  campaignsRoutes(app, deps);
  auditRoutes(app, deps);
  auditRecordsRoutes(app, deps);
  auditSearchRoutes(app, deps);
  deskRoutes(app, deps);
  replyDeskRoutes(app, deps);
  dashboardRoutes(app, deps);
  deadLettersRoutes(app, deps);
  recoveryRoutes(app, deps);
  rulesRoutes(app, deps);
  if (deps.consoleDir !== undefined) await serveConsole(app, deps.consoleDir);
  await app.ready();
  return app;
}
