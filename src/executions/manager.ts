// Executions and violations: read by the API, written only by syncing with a backend.
import type { Db, Tx } from '../db/client.js';
import { healthOf, nextHealth } from '../kernel/rules/health.js';
import type { Backends, BackendExecution, BackendMonitor, ExecutionReport, MonitoringBackend } from '../backends/types.js';
import { ReportUnreadable } from '../backends/report-error.js';
import { loadBackendMonitor, toBackendSchedule } from '../storage/backend-inputs.js';
import type { Backend, Execution, Violation } from '../generated/prisma/client.js';
import { monitorStorage } from '../storage/monitors.js';
import { scheduleStorage } from '../storage/schedules.js';
import { notFound } from '../shared/errors.js';
import { filterIdsCanExist, requireId } from '../shared/ids.js';
import { emptyConnection, pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import { executionStorage as storage, type ExecutionFilter, type ExecutionsInclude, type ViolationFilter, type ViolationsInclude } from '../storage/executions.js';
import type { Prefetch } from '../db/related.js';
import { addToOutbox } from '../events/outbox.js';
import { statusEvents, violationEvent } from './events.js';
import type { GatewayEvent } from '../events/types.js';
import { recordMetrics } from '../metric-series/manager.js';
import { asSeriesViolation } from '../metric-series/violations.js';
import { checkTypeLabel } from '../ops/labels.js';
import { metrics } from '../ops/metrics.js';
import { logger, type Logger } from '../shared/logger.js';
import type { QueryViolationSummaryArgs } from '../generated/graphql.js';
import { violationSummary, type ViolationSummary } from './summary.js';

const FINISHED_WITH_REPORT = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

/**
 * The finished run's report, or why it cannot be read: an unreadable file is the execution's
 * reportError (reading it again fails the same way), so one bad file never blocks the next
 * executions. Other failures (backend unreachable, throttled) are thrown: the sync retries.
 */
async function readable(backend: MonitoringBackend, monitor: BackendMonitor, e: BackendExecution): Promise<{ report: ExecutionReport | null; reportError: string | null }> {
  try {
    return { report: await backend.readReport(monitor, e), reportError: null };
  } catch (error) {
    if (error instanceof ReportUnreadable) return { report: null, reportError: error.message };
    throw error;
  }
}

/**
 * The monitor's health after `execution` was stored (kernel/rules/health.ts), in the same
 * transaction: its row locked, so that two syncs of the monitor's schedules take turns.
 */
async function keepHealth(tx: Tx, monitorId: string, execution: Execution): Promise<void> {
  if (healthOf(execution.status, execution.failureReason) === null) return;
  const current = await monitorStorage.lockHealth(tx, monitorId);
  const next = current && nextHealth(current, execution);
  if (next) await monitorStorage.setHealth(tx, monitorId, next);
}

export class ExecutionManager {
  /** `onEvents` is told when a sync committed events (e.g. to relay them at once). */
  constructor(private readonly db: Db, private readonly backends: Backends, private readonly onEvents?: () => void, private readonly log: Logger = logger()) {}

  async get(teamId: string, id: string): Promise<Execution> {
    const row = await storage.get(this.db, teamId, requireId('Execution', id));
    if (!row) throw notFound('Execution', id);
    return row;
  }

  async list(teamId: string, filter: ExecutionFilter, args: PageArgs, prefetch?: Prefetch<ExecutionsInclude>) {
    const page = toPage(args);
    if (!filterIdsCanExist(filter, ['monitorId', 'scheduleId'])) return emptyConnection<Execution>();
    return pagedConnection(args, page, storage.list(this.db, teamId, filter, page, prefetch), () => storage.count(this.db, teamId, filter), (e) => e.scheduledTime);
  }

  async violations(teamId: string, filter: ViolationFilter, args: PageArgs, prefetch?: Prefetch<ViolationsInclude>) {
    const page = toPage(args);
    if (!filterIdsCanExist(filter, ['monitorId', 'executionId'])) return emptyConnection<Violation>();
    return pagedConnection(args, page, storage.listViolations(this.db, teamId, filter, page, prefetch), () => storage.countViolations(this.db, teamId, filter), (v) => v.createdAt);
  }

  /** Counts of the team's violations found in a range, per group (see summary.ts). */
  summary(teamId: string, args: QueryViolationSummaryArgs): Promise<ViolationSummary> {
    return violationSummary(this.db, teamId, args);
  }

  /**
   * The run of a one-time schedule just made, as its backend lists it now. The built-in
   * engine lists it PENDING at once; SageMaker starts it up to 20 minutes later (null until
   * then: the sync stores it as the schedule's lastExecution).
   */
  async runOf(teamId: string, scheduleId: string, backend: Backend): Promise<Execution | null> {
    if (backend !== 'BUILTIN') return null;
    const { written } = await this.syncSchedule(teamId, scheduleId);
    return written.at(-1) ?? null;
  }

  /**
   * Pulls a schedule's executions from its backend and stores them with their
   * violations. Idempotent: running it twice stores nothing twice. Returns the
   * executions this call wrote, in backend order (finished ones already stored are skipped),
   * and the newest change time the backend reported (where the next poll may resume).
   */
  async syncSchedule(teamId: string, scheduleId: string, since?: Date): Promise<{ written: Execution[]; lastChangedAt: Date | null }> {
    const schedule = await scheduleStorage.get(this.db, teamId, scheduleId);
    if (!schedule) throw notFound('Schedule', scheduleId);
    const monitorRow = await monitorStorage.get(this.db, teamId, schedule.monitorId);
    if (!monitorRow) throw notFound('Monitor', schedule.monitorId);
    const monitor = await loadBackendMonitor(this.db, monitorRow);
    const backend = this.backends[monitorRow.backend];
    const target = toBackendSchedule(schedule);
    const found: BackendExecution[] = [];
    let nextToken: string | null = null;
    do {
      const pageResult = await backend.listExecutions(monitor, target, { ...(since ? { since } : {}), ...(nextToken ? { nextToken } : {}) });
      found.push(...pageResult.executions);
      nextToken = pageResult.nextToken;
    } while (nextToken);
    const stored: Execution[] = [];
    // Re-read executions (cursor overlap) that are finished and stored as such cannot change: skip their report.
    const finished = await storage.finishedStatuses(this.db, monitorRow.id, found.map((e) => e.executionId));
    for (const e of found) {
      if (finished.get(e.executionId) === e.status) continue;
      // The report is read before the transaction, so no connection waits on the backend.
      const { report, reportError } = FINISHED_WITH_REPORT.has(e.status) ? await readable(backend, monitor, e) : { report: null, reportError: null };
      const { row, added } = await this.db.$transaction(async (tx) => {
        const previous = await storage.statusOf(tx, monitorRow.id, e.executionId);
        const execution = await storage.upsert(tx, {
          teamId, monitorId: monitorRow.id, scheduleId: schedule.id, backendExecutionId: e.executionId, status: e.status,
          scheduledTime: e.scheduledTime, startedAt: e.startedAt, endedAt: e.endedAt, failureReason: e.failureReason, reportUri: report?.reportUri ?? e.reportUri,
          reportError, progress: e.progress ?? null,
        });
        const created = report && report.violations.length > 0
          ? await storage.addNewViolations(tx, { teamId, monitorId: monitorRow.id, executionId: execution.id }, monitorRow.type, report.violations.map((v) => asSeriesViolation(monitor.type, monitor, v)))
          : [];
        if (report) await recordMetrics(tx, monitor, execution, report);
        await keepHealth(tx, monitorRow.id, execution);
        // Same transaction as the rows: an event exists exactly when its change does.
        const added = await addToOutbox(tx, [
          ...statusEvents(monitorRow, execution, previous?.status ?? null),
          ...created.map((v) => violationEvent(monitorRow, execution, v)),
        ]);
        return { row: execution, added };
      });
      this.counted(added);
      this.onEvents?.();
      stored.push(row);
    }
    const changed = found.flatMap((e) => (e.changedAt ? [e.changedAt.getTime()] : []));
    return { written: stored, lastChangedAt: changed.length > 0 ? new Date(Math.max(...changed)) : null };
  }

  /** Counts committed changes by their events (an event id is added once, so a replayed sync counts nothing). */
  private counted(events: readonly GatewayEvent[]): void {
    for (const e of events) {
      if (e.type === 'VIOLATION_DETECTED') metrics.violations.inc({ monitor_type: e.monitorType, check_type: checkTypeLabel(e.checkType) });
      if (e.type !== 'EXECUTION_STATUS_CHANGED') continue;
      metrics.executions.inc({ status: e.status });
      if (e.reportError) this.log.warn({ teamId: e.teamId, executionId: e.executionId, scheduleId: e.scheduleId, reportError: e.reportError }, 'execution report unreadable; stored without it');
      if (e.status === 'FAILED') this.log.warn({ teamId: e.teamId, executionId: e.executionId, scheduleId: e.scheduleId, failureReason: e.failureReason }, 'execution failed');
    }
  }
}
