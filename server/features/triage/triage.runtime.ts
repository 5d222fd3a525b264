import type { AppContext } from '../../app-context.js';
import type { Enricher } from '../ingest/ingest-messages.js';
import { createCustomerValueRules, type CustomerValueRules } from './customer-value.cache.js';
import { customerValueRuleChangedEvent } from './customer-value.service.js';
import { createTriageModelCache, type TriageModelCache } from './triage-model.cache.js';
import { startTriagePool, type TriagePool } from './triage-pool.js';
import { createTriageEnricher } from './triage.enricher.js';
import { modelTrainedEvent } from './triage.events.js';

/** How often a node checks for models trained elsewhere (another node without Redis, or `rapport train`). */
const versionCheckMs = 15_000;

/** Triage in one process: the model cache, the enricher for the ingest pipeline, and how it is kept fresh. */
export interface TriageRuntime {
  models: TriageModelCache;
  /** Each workspace's customer-value rule, compiled; reloaded on `triage.customer_value_changed` and by the periodic check. */
  values: CustomerValueRules;
  enricher: Enricher;
  /** Stops refreshing models and the triage threads; call after ingest has drained. */
  stop(): Promise<void>;
}

/**
 * Loads which trained models are active and keeps them fresh: on `model.trained` events and by a periodic version check.
 * With `threads` > 0 (the configured default) triage runs on that many worker threads; a pool that cannot start is
 * logged and triage stays in this thread.
 */
export async function startTriage(ctx: AppContext, threads = ctx.config.triageThreads): Promise<TriageRuntime> {
  const models = createTriageModelCache(ctx.db.kysely, ctx.logger);
  const values = createCustomerValueRules(ctx.db.kysely, ctx.logger);
  await models.refresh();
  await values.refresh();
  const reload = (workspaceId?: string) => {
    models.refresh(workspaceId).catch((error: unknown) => ctx.logger.warn({ err: error, workspaceId }, 'reloading triage models failed'));
  };
  const reloadValues = (workspaceId?: string) => {
    values.refresh(workspaceId).catch((error: unknown) => ctx.logger.warn({ err: error, workspaceId }, 'reloading customer-value rules failed'));
  };
  const unsubscribe = ctx.bus.subscribe((event) => reload(event.workspaceId), (_workspaceId, type) => type === modelTrainedEvent);
  const unsubscribeValues = ctx.bus.subscribe((event) => reloadValues(event.workspaceId), (_workspaceId, type) => type === customerValueRuleChangedEvent);
  const timer = setInterval(() => {
    reload();
    reloadValues();
  }, versionCheckMs);
  timer.unref();
  const inThread = createTriageEnricher(models, ctx.secrets, ctx.logger);
  let pool: TriagePool | undefined;
  if (threads > 0) {
    try {
      pool = await startTriagePool({ threads, cache: models, secrets: ctx.secrets, logger: ctx.logger, inThread });
    } catch (error) {
      ctx.logger.warn({ err: error, threads }, 'triage threads could not start; triaging in the main thread');
    }
  }
  return {
    models,
    values,
    enricher: pool?.enricher ?? inThread,
    async stop() {
      clearInterval(timer);
      unsubscribe();
      unsubscribeValues();
      await pool?.close();
    },
  };
}
