// The long-lived objects of a gateway process, made once at start.
import { cacheBounds, type Config } from './config.js';
import type { Db } from './db/client.js';
import type { Backends } from './backends/types.js';
import { TenancyManager } from './tenancy/manager.js';
import { MonitorManager } from './monitors/manager.js';
import { ScheduleManager } from './schedules/manager.js';
import { BaselineManager } from './baselines/manager.js';
import { ExecutionManager } from './executions/manager.js';
import { ExecutionReports } from './executions/reports.js';
import type { EventHub } from './events/hub.js';
import type { JobQueue } from './jobs/queue.js';
import { webhookSettings } from './webhooks/delivery.js';
import { WebhookManager } from './webhooks/manager.js';
import { AlertMuteManager } from './webhooks/mutes.js';
import { MetricSeriesManager } from './metric-series/manager.js';
import { TeamMetrics } from './metric-series/team-metrics.js';
import { ReconcileManager } from './reconcile/manager.js';
import { ImportManager } from './imports/manager.js';
import { TrustedDocumentManager } from './trusted-documents/manager.js';

export interface Services {
  config: Config;
  db: Db;
  backends: Backends;
  tenancy: TenancyManager;
  monitors: MonitorManager;
  schedules: ScheduleManager;
  baselines: BaselineManager;
  executions: ExecutionManager;
  /** Finished runs' report documents, read through their backend and cached. */
  reports: ExecutionReports;
  webhooks: WebhookManager;
  alertMutes: AlertMuteManager;
  metricSeries: MetricSeriesManager;
  /** Each team's latest metric values for GET /metrics/team, cached until the team has new points. */
  teamMetrics: TeamMetrics;
  reconcile: ReconcileManager;
  imports: ImportManager;
  /** Documents teams registered to run by hash, cached per process. */
  trustedDocuments: TrustedDocumentManager;
  /** This process's subscriptions' source of events. */
  hub: EventHub;
  /**
   * What GraphQL queries use (src/graphql/reads.ts): these services with the domains' reads
   * on the read database (config DATABASE_READ_URL), or these very services when there is none.
   */
  readonly reads: Services;
}

/** How services tell the other processes (their caches) about a change. */
export interface ServiceEvents {
  hub: EventHub;
  onEvents?: () => void;
  onCredentialsChanged?: (teamId: string) => void;
  onTrustedDocumentsRemoved?: (teamId: string, hashes: string[]) => void;
}

export function createServices(
  config: Config,
  db: Db,
  backends: Backends,
  events: ServiceEvents,
  /** The webhook queue, to queue redeliveries at once (else a worker's sweeper does). */
  jobs: { webhooks?: JobQueue } = {},
  /** The read database (config DATABASE_READ_URL); the primary when there is none. */
  readDb: Db = db,
): Services {
  const bounds = cacheBounds(config);
  const domains = (on: Db) => ({
    db: on,
    monitors: new MonitorManager(on, backends),
    schedules: new ScheduleManager(on, backends),
    baselines: new BaselineManager(on, backends),
    executions: new ExecutionManager(on, backends, events.onEvents),
    metricSeries: new MetricSeriesManager(on),
    webhooks: new WebhookManager(on, webhookSettings(config), jobs.webhooks),
    alertMutes: new AlertMuteManager(on),
  });
  const services = {
    config,
    backends,
    ...domains(db),
    // On the primary in both: API keys are verified and revoked here, and a key must work (and
    // a revoked one stop) at once, not after the replica catches up; a registered trusted
    // document likewise. Reconcile and imports only change things.
    tenancy: new TenancyManager(db, config, events.onCredentialsChanged),
    trustedDocuments: new TrustedDocumentManager(db, bounds.trustedDocuments, events.onTrustedDocumentsRemoved),
    reconcile: new ReconcileManager(db, backends),
    imports: new ImportManager(db, backends),
    reports: new ExecutionReports(backends, bounds.reports),
    // On the primary too: its answer is cached until the team's next new points (or 5 minutes),
    // so a refill from a replica still behind those points would keep them out for that long;
    // and cached, it reads once per team per finished run, which the primary barely notices.
    teamMetrics: new TeamMetrics(db, bounds.teamMetrics),
    hub: events.hub,
  };
  const primary: Services = { ...services, get reads() { return reads; } };
  const reads: Services = readDb === db ? primary : { ...services, ...domains(readDb), get reads() { return reads; } };
  return primary;
}
