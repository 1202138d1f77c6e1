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
): Services {
  const bounds = cacheBounds(config);
  return {
    config,
    db,
    backends,
    tenancy: new TenancyManager(db, config, events.onCredentialsChanged),
    monitors: new MonitorManager(db, backends),
    schedules: new ScheduleManager(db, backends),
    baselines: new BaselineManager(db, backends),
    executions: new ExecutionManager(db, backends, events.onEvents),
    reports: new ExecutionReports(backends, bounds.reports),
    metricSeries: new MetricSeriesManager(db),
    teamMetrics: new TeamMetrics(db, bounds.teamMetrics),
    reconcile: new ReconcileManager(db, backends),
    imports: new ImportManager(db, backends),
    trustedDocuments: new TrustedDocumentManager(db, bounds.trustedDocuments, events.onTrustedDocumentsRemoved),
    webhooks: new WebhookManager(db, webhookSettings(config), jobs.webhooks),
    alertMutes: new AlertMuteManager(db),
    hub: events.hub,
  };
}
