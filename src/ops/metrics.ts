// Prometheus metrics of a process (prom-client), served at GET /metrics. Every
// instrument is defined here, once, so names and labels stay consistent; the code
// that counts imports the instrument it needs. Incrementing should never throw.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
// Node's defaults: mmg_process_* (CPU, memory, file descriptors) and mmg_nodejs_* (event loop, heap, GC).
collectDefaultMetrics({ register: registry, prefix: 'mmg_' });

export const metrics = {
  graphqlOperations: new Counter({
    name: 'mmg_graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome (ok, or the first error code)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  }),
  graphqlDuration: new Histogram({
    name: 'mmg_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by operation name',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  graphqlCompiled: new Counter({
    name: 'mmg_graphql_compiled_operations_total',
    help: 'GraphQL operations compiled by graphql-jit (on their second run; see src/graphql/executor.ts)',
    registers: [registry],
  }),
  subscriptions: new Gauge({
    name: 'mmg_graphql_subscriptions_active',
    help: 'Open GraphQL subscriptions in this process',
    registers: [registry],
  }),
  pollCycles: new Counter({
    name: 'mmg_sync_poll_cycles_total',
    help: 'Execution-sync dispatch cycles run',
    registers: [registry],
  }),
  schedulePolls: new Counter({
    name: 'mmg_sync_schedule_polls_total',
    help: 'Schedule polls by outcome (ok, retry, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  backendCalls: new Counter({
    name: 'mmg_backend_calls_total',
    help: 'Calls to a monitoring backend by backend, operation and outcome (ok, or the error code)',
    labelNames: ['backend', 'operation', 'outcome'] as const,
    registers: [registry],
  }),
  webhookDeliveries: new Counter({
    name: 'mmg_webhook_deliveries_total',
    help: 'Webhook delivery attempts by recorded outcome (delivered, failed: another attempt follows, dead)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  executions: new Counter({
    name: 'mmg_executions_total',
    help: 'Executions that reached a status, counted once per execution and status when the sync commits it',
    labelNames: ['status'] as const,
    registers: [registry],
  }),
  violations: new Counter({
    name: 'mmg_violations_total',
    help: 'Violations recorded, by monitor type and check type (each once, when the sync commits it)',
    labelNames: ['monitor_type', 'check_type'] as const,
    registers: [registry],
  }),
  baselineFailures: new Counter({
    name: 'mmg_baseline_failures_total',
    help: 'Baselines recorded FAILED, by backend (each once, when the sync commits it)',
    labelNames: ['backend'] as const,
    registers: [registry],
  }),
  engineJobFailures: new Counter({
    name: 'mmg_engine_job_failures_total',
    help: 'Built-in engine jobs (execution, baseline) that failed for good: recorded FAILED after their last attempt or a stall',
    labelNames: ['job'] as const,
    registers: [registry],
  }),
  eventsRelayed: new Counter({
    name: 'mmg_events_relayed_total',
    help: 'Outbox events published to the event bus',
    registers: [registry],
  }),
  outboxUnreadable: new Counter({
    name: 'mmg_outbox_unreadable_total',
    help: 'Outbox rows this process\'s relay could not parse (each counted once per process; left for a newer relay, or dead)',
    registers: [registry],
  }),
  outboxDead: new Counter({
    name: 'mmg_outbox_dead_total',
    help: 'Unreadable outbox rows this process marked dead once older than OUTBOX_DEAD_AFTER_MS (never relayed)',
    registers: [registry],
  }),
  retentionDeleted: new Counter({
    name: 'mmg_retention_deleted_rows_total',
    help: 'Rows deleted by the retention purge past their team\'s horizon, by table (audit events are never deleted)',
    labelNames: ['table'] as const,
    registers: [registry],
  }),
  queueDepth: new Gauge({
    name: 'mmg_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  }),
};

type DepthReader = () => Promise<Array<{ queue: string; state: string; count: number }>>;
const depthReaders = new Set<DepthReader>();

/** Queues whose depth /metrics should report; returns a function that unregisters. */
export function reportQueueDepth(read: DepthReader): () => void {
  depthReaders.add(read);
  return () => depthReaders.delete(read);
}

/** The exposition text; reads queue depths first (a failing reader is skipped). */
export async function metricsText(): Promise<string> {
  metrics.queueDepth.reset();
  for (const read of depthReaders) {
    const rows = await read().catch(() => []);
    for (const r of rows) metrics.queueDepth.set({ queue: r.queue, state: r.state }, r.count);
  }
  return registry.metrics();
}
