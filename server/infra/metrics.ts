import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueDepth } from './queue/queue.port.js';

/** The Prometheus metrics one Rapport process exposes at /metrics. */
export interface Metrics {
  registry: Registry;
  ingestedEvents: Counter<'source' | 'outcome'>;
  ingestLatency: Histogram;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  errors: Counter<'kind'>;
  jobQueueDepth: Gauge<'state'>;
  websocketClients: Gauge;
  webchatSockets: Gauge;
}

/** Creates a fresh registry with Rapport's metrics (one per app, so tests never share counters). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rapport_process_' });
  return {
    registry,
    ingestedEvents: new Counter({ name: 'rapport_ingested_events_total', help: 'Inbound events processed, by source and outcome', labelNames: ['source', 'outcome'], registers: [registry] }),
    ingestLatency: new Histogram({
      name: 'rapport_ingest_latency_seconds',
      help: 'Time from receipt to committed conversation update',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    httpRequests: new Counter({ name: 'rapport_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'rapport_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    errors: new Counter({ name: 'rapport_errors_total', help: 'Errors by kind', labelNames: ['kind'], registers: [registry] }),
    jobQueueDepth: new Gauge({ name: 'rapport_job_queue_depth', help: 'Background jobs by state', labelNames: ['state'], registers: [registry] }),
    websocketClients: new Gauge({ name: 'rapport_websocket_clients', help: 'Open live-update sockets on this node', registers: [registry] }),
    webchatSockets: new Gauge({ name: 'rapport_webchat_sockets', help: 'Open web chat visitor sockets on this node', registers: [registry] }),
  };
}

/** Publishes the job queue's depth per state. */
export function recordQueueDepth(metrics: Metrics, depth: QueueDepth): void {
  metrics.jobQueueDepth.set({ state: 'waiting' }, depth.waiting);
  metrics.jobQueueDepth.set({ state: 'active' }, depth.active);
  metrics.jobQueueDepth.set({ state: 'delayed' }, depth.delayed);
  metrics.jobQueueDepth.set({ state: 'failed' }, depth.failed);
}
