// MonitoringBackend of the built-in engine. The gateway process only records
// state (engine tables) and queues jobs; worker processes (src/worker.ts) run them.
// A schedule's backendRef is `builtin-{schedule id}`, also its BullMQ scheduler id.
import { z } from 'zod';
import { joinUri } from '@mmg/engine/io';
import type {
  BackendExecution, BackendMonitor, BackendSchedule, BackendScheduleState, BaselineJobRequest, BaselineJobState, DryRunBackend, ExecutionQuery,
  ExecutionReport, MonitoringBackend,
} from '../../backends/types.js';
import { ProgressReportSchema, type ProgressReport } from '../../backends/progress.js';
import { cronPatternOf } from '../../jobs/cron.js';
import { RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { EngineContext } from './context.js';
import { dryRunOf } from './dry-run.js';
import { baselinePrefix, reportFiles } from './layout.js';
import { readBaselineDocs, readRunStatistics } from './documents.js';
import { readMonitor, toJson } from './snapshot.js';
import { StoredViolations } from '../../backends/violations.js';
import { engineSnapshotStorage, type EngineScheduleSnapshot } from '../../storage/engine-snapshots.js';

const PAGE = 100;
/** The part of an EngineSchedule's schedule snapshot that describeSchedule reads. */
const StoredSpecSchema = z.object({ spec: z.object({ dataAnalysisStartTime: z.string().nullish(), dataAnalysisEndTime: z.string().nullish() }) });

export class BuiltinBackend implements MonitoringBackend {
  readonly kind = 'BUILTIN' as const;

  constructor(private readonly ctx: EngineContext) {}

  private refOf(schedule: BackendSchedule): string {
    return schedule.backendRef ?? `builtin-${schedule.id}`;
  }

  /**
   * Queues what the schedule needs: a scheduler for cron, one immediate run for NOW. The
   * one-time run's row is written PENDING first, so it is listed before its job starts
   * (and while it waits for a baseline).
   */
  private async arm(ref: string, monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const expression = schedule.scheduleConfig.ScheduleExpression;
    if (expression === 'NOW') {
      const at = this.ctx.now();
      await this.ctx.db.engineExecution.upsert({
        where: { scheduleRef_scheduledTime: { scheduleRef: ref, scheduledTime: at } },
        create: { scheduleRef: ref, scheduledTime: at, teamId: monitor.teamId, monitorId: monitor.id, status: 'PENDING' },
        update: {},
      });
      await this.ctx.queue.enqueue(RunExecutionJob, { scheduleRef: ref, scheduledTime: at.toISOString() }, { jobId: `${ref}-${at.getTime()}` });
      return;
    }
    const pattern = cronPatternOf(expression);
    if (!pattern) throw new AppError(ErrorCode.BAD_USER_INPUT, `the built-in engine cannot run schedule expression "${expression}"`, { field: 'spec' });
    await this.ctx.queue.upsertScheduler(ref, pattern, RunExecutionJob, { scheduleRef: ref });
  }

  private snapshot(ref: string, monitor: BackendMonitor, schedule: BackendSchedule): EngineScheduleSnapshot {
    return { monitor: toJson(monitor), schedule: toJson({ ...schedule, backendRef: ref }), expression: schedule.scheduleConfig.ScheduleExpression, scheduleName: schedule.name };
  }

  private async save(ref: string, monitor: BackendMonitor, schedule: BackendSchedule, extra: { stopped?: boolean } = {}) {
    const count = await engineSnapshotStorage.saveSchedule(this.ctx.db, ref, { ...this.snapshot(ref, monitor, schedule), ...extra });
    if (count === 0) throw new AppError(ErrorCode.NOT_FOUND, `Schedule "${schedule.name}" does not exist in the built-in engine`);
  }

  async createSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    const ref = `builtin-${schedule.id}`;
    if (await this.ctx.db.engineSchedule.findUnique({ where: { ref } })) {
      throw new AppError(ErrorCode.CONFLICT, `Schedule "${schedule.name}" already exists in the built-in engine`);
    }
    await engineSnapshotStorage.createSchedule(this.ctx.db, { ref, teamId: monitor.teamId, monitorId: monitor.id, ...this.snapshot(ref, monitor, schedule) });
    try {
      await this.arm(ref, monitor, schedule);
    } catch (e) {
      await this.ctx.db.engineSchedule.deleteMany({ where: { ref } });
      throw e;
    }
    return { backendRef: ref };
  }

  async updateSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const ref = this.refOf(schedule);
    await this.save(ref, monitor, schedule);
    const row = await this.ctx.db.engineSchedule.findUniqueOrThrow({ where: { ref } });
    await this.ctx.queue.removeScheduler(ref);
    if (!row.stopped) await this.arm(ref, monitor, schedule);
  }

  /** The engine reads the definition at run time, so the ref stays the same. */
  async updateDefinition(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    const ref = this.refOf(schedule);
    await this.save(ref, monitor, schedule);
    return { backendRef: ref };
  }

  async deleteSchedule(_monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const ref = this.refOf(schedule);
    await this.ctx.queue.removeScheduler(ref);
    await this.ctx.db.engineSchedule.deleteMany({ where: { ref } }); // executions are kept, but a run not started never will be
    await this.ctx.db.engineExecution.deleteMany({ where: { scheduleRef: ref, status: 'PENDING' } });
  }

  async startSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const ref = this.refOf(schedule);
    await this.save(ref, monitor, schedule, { stopped: false });
    if (schedule.scheduleConfig.ScheduleExpression !== 'NOW') await this.arm(ref, monitor, schedule);
  }

  async stopSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const ref = this.refOf(schedule);
    await this.save(ref, monitor, schedule, { stopped: true });
    await this.ctx.queue.removeScheduler(ref);
  }

  /** The EngineSchedule row (its stopped flag and expression); the analysis window is in its schedule snapshot. */
  async describeSchedule(_monitor: BackendMonitor, schedule: BackendSchedule): Promise<BackendScheduleState | null> {
    const row = await this.ctx.db.engineSchedule.findUnique({ where: { ref: this.refOf(schedule) } });
    if (!row) return null;
    const spec = StoredSpecSchema.safeParse(row.schedule);
    return {
      status: row.stopped ? 'STOPPED' : 'SCHEDULED', expression: row.expression, definitionRef: row.ref, failureReason: null,
      dataAnalysisStartTime: spec.success ? spec.data.spec.dataAnalysisStartTime ?? null : null,
      dataAnalysisEndTime: spec.success ? spec.data.spec.dataAnalysisEndTime ?? null : null,
    };
  }

  async suggestBaseline(monitor: BackendMonitor, request: BaselineJobRequest): Promise<{ jobRef: string }> {
    const jobRef = await engineSnapshotStorage.createBaselineJob(this.ctx.db, {
      teamId: monitor.teamId, monitorId: monitor.id, baselineId: request.baselineId,
      monitor: toJson(monitor), request: toJson(request), outputUri: baselinePrefix(monitor, request.baselineId),
    });
    await this.ctx.queue.enqueue(SuggestBaselineJob, { jobRef }, { jobId: `baseline-${jobRef}` });
    return { jobRef };
  }

  async describeBaseline(_monitor: BackendMonitor, jobRef: string): Promise<BaselineJobState> {
    const job = z.uuid().safeParse(jobRef).success ? await this.ctx.db.engineBaselineJob.findUnique({ where: { id: jobRef } }) : null;
    if (!job) throw new AppError(ErrorCode.NOT_FOUND, `Baseline job "${jobRef}" does not exist in the built-in engine`);
    if (job.status === 'FAILED') return { status: 'FAILED', failureReason: job.failureReason ?? 'unknown failure' };
    if (job.status !== 'COMPLETED') return { status: job.status, progress: this.progressOf(job.progress, jobRef) };
    const type = readMonitor(job.monitor).type;
    const files = reportFiles(type);
    const [statistics, constraints] = await Promise.all([files.statistics, files.constraints].map((n) => this.ctx.store.readText(joinUri(job.outputUri, n))));
    if (constraints === null || constraints === undefined) return { status: 'FAILED', failureReason: `the baseline documents are missing under ${job.outputUri}` };
    const docs = readBaselineDocs(type, statistics ?? null, constraints);
    if (!docs.ok) return { status: 'FAILED', failureReason: `the baseline documents under ${job.outputUri} are not valid: ${docs.reason}` };
    return { status: 'COMPLETED', statistics: docs.statistics, constraints: docs.constraints };
  }

  async listExecutions(_monitor: BackendMonitor, schedule: BackendSchedule, query: ExecutionQuery) {
    const rows = await this.ctx.db.engineExecution.findMany({
      where: { scheduleRef: this.refOf(schedule), ...(query.since ? { updatedAt: { gte: query.since } } : {}) },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: PAGE + 1,
      ...(query.nextToken ? { cursor: { id: query.nextToken } } : {}),
    });
    const page = rows.slice(0, PAGE);
    const executions: BackendExecution[] = page.map((r) => ({
      executionId: r.id, status: r.status, scheduledTime: r.scheduledTime, startedAt: r.startedAt, endedAt: r.endedAt,
      failureReason: r.failureReason, reportUri: r.reportUri, changedAt: r.updatedAt, progress: this.progressOf(r.progress, r.id),
    }));
    return { executions, nextToken: rows.length > PAGE ? rows[PAGE]!.id : null };
  }

  async readReport(monitor: BackendMonitor, execution: BackendExecution): Promise<ExecutionReport> {
    const ok = z.uuid().safeParse(execution.executionId).success;
    const row = ok ? await this.ctx.db.engineExecution.findUnique({ where: { id: execution.executionId } }) : null;
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, `Execution "${execution.executionId}" does not exist in the built-in engine`);
    const violations = StoredViolations.safeParse(row.violations ?? []);
    return { violations: violations.success ? violations.data : [], statistics: readRunStatistics(row.reportUri ? await this.reportText(monitor, row.reportUri) : null) };
  }

  /** A file of the run's report folder, from the engine's store (file:// or s3://). */
  async readReportFile(_monitor: BackendMonitor, reportUri: string, file: string): Promise<string | null> {
    return this.ctx.store.readText(joinUri(reportUri, file));
  }

  /** A run's report document; an older bias or explainability run's under its former name. */
  private async reportText(monitor: BackendMonitor, reportUri: string): Promise<string | null> {
    const { report, formerReport } = reportFiles(monitor.type);
    const text = await this.ctx.store.readText(joinUri(reportUri, report));
    return text === null && formerReport ? this.ctx.store.readText(joinUri(reportUri, formerReport)) : text;
  }

  /** A stored progress report; one that does not parse is logged and reported as none. */
  private progressOf(stored: unknown, id: string): ProgressReport | null {
    if (stored === null) return null;
    const p = ProgressReportSchema.safeParse(stored);
    if (!p.success) this.ctx.log.warn({ id, issues: p.error.issues }, 'engine progress report does not parse; reported as none');
    return p.success ? p.data : null;
  }

  dryRun(): DryRunBackend {
    return dryRunOf(this, this.ctx);
  }
}
