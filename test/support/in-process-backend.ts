// A fake for tests and benches (not part of the gateway's build): an in-process
// MonitoringBackend that keeps its state in memory and records every call. Tests
// drive it (complete a baseline, add an execution with a report) the way the outside
// world would. Its data comes only from what callers put in: nothing is invented.
import { AppError, ErrorCode } from '../../src/shared/errors.js';
import type {
  BackendExecution,
  BackendMonitor,
  BackendSchedule,
  BackendScheduleState,
  BaselineJobRequest,
  BaselineJobState,
  DryRunBackend,
  ExecutionQuery,
  ExecutionReport,
  MonitoringBackend,
} from '../../src/backends/types.js';

export interface RecordedCall {
  method: keyof MonitoringBackend;
  monitor: BackendMonitor;
  schedule?: BackendSchedule;
  request?: BaselineJobRequest;
}

interface ScheduleState {
  ref: string;
  monitor: BackendMonitor;
  schedule: BackendSchedule;
  status: BackendScheduleState['status'];
  failureReason?: string;
  /** Set when changed outside the gateway: the definition the backend runs instead of `ref`. */
  definitionRef?: string;
  executions: Array<{ execution: BackendExecution; report: ExecutionReport; changedAt: Date }>;
}

export class InProcessBackend implements MonitoringBackend {
  readonly calls: RecordedCall[] = [];
  private readonly schedules = new Map<string, ScheduleState>();
  private readonly baselines = new Map<string, { request: BaselineJobRequest; state: BaselineJobState }>();
  private failures = new Map<keyof MonitoringBackend, AppError>();
  private seq = 0;

  /** `readsFrom`: a dry-run twin answers reads (describeSchedule) from the backend it twins. */
  constructor(readonly kind: 'SAGEMAKER' | 'BUILTIN' = 'BUILTIN', private readonly readsFrom?: InProcessBackend) {}

  /** Makes the next call of `method` fail with `error` (fault injection for tests). */
  failNext(method: keyof MonitoringBackend, error: AppError): void {
    this.failures.set(method, error);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    const failure = this.failures.get(call.method);
    if (failure) {
      this.failures.delete(call.method);
      throw failure;
    }
  }

  private state(schedule: BackendSchedule): ScheduleState {
    const s = schedule.backendRef ? this.schedules.get(schedule.backendRef) : undefined;
    if (!s) throw new AppError(ErrorCode.NOT_FOUND, `Schedule "${schedule.name}" does not exist in the backend`);
    return s;
  }

  async createSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    this.record({ method: 'createSchedule', monitor, schedule });
    const ref = `inproc:${monitor.teamId}:${schedule.name}`;
    if (this.schedules.has(ref)) throw new AppError(ErrorCode.CONFLICT, `Schedule "${schedule.name}" already exists in the backend`);
    this.schedules.set(ref, { ref, monitor, schedule: { ...schedule, backendRef: ref }, status: 'SCHEDULED', executions: [] });
    return { backendRef: ref };
  }

  async updateSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    this.record({ method: 'updateSchedule', monitor, schedule });
    const state = this.state(schedule);
    state.schedule = schedule;
    delete state.definitionRef; // runs the definition it is given again
  }

  async updateDefinition(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    this.record({ method: 'updateDefinition', monitor, schedule });
    const state = this.state(schedule);
    state.monitor = monitor;
    return { backendRef: state.ref };
  }

  /** Nothing leaves the process, so a dry run is a throwaway twin with no requests. */
  dryRun(): DryRunBackend {
    return { backend: new InProcessBackend(this.kind, this), requests: () => [] };
  }

  async deleteSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    this.record({ method: 'deleteSchedule', monitor, schedule });
    if (schedule.backendRef) this.schedules.delete(schedule.backendRef);
  }

  async startSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    this.record({ method: 'startSchedule', monitor, schedule });
    this.state(schedule).status = 'SCHEDULED';
  }

  async stopSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    this.record({ method: 'stopSchedule', monitor, schedule });
    this.state(schedule).status = 'STOPPED';
  }

  async describeSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<BackendScheduleState | null> {
    if (this.readsFrom) return this.readsFrom.describeSchedule(monitor, schedule);
    this.record({ method: 'describeSchedule', monitor, schedule });
    const s = schedule.backendRef ? this.schedules.get(schedule.backendRef) : undefined;
    if (!s) return null;
    const { spec } = s.schedule;
    return {
      status: s.status, expression: spec.expression, dataAnalysisStartTime: spec.dataAnalysisStartTime, dataAnalysisEndTime: spec.dataAnalysisEndTime,
      definitionRef: s.definitionRef ?? s.ref, failureReason: s.failureReason ?? null,
    };
  }

  async suggestBaseline(monitor: BackendMonitor, request: BaselineJobRequest): Promise<{ jobRef: string }> {
    this.record({ method: 'suggestBaseline', monitor, request });
    const jobRef = `inproc-baseline-${++this.seq}`;
    this.baselines.set(jobRef, { request, state: { status: 'IN_PROGRESS' } });
    return { jobRef };
  }

  async describeBaseline(_monitor: BackendMonitor, jobRef: string): Promise<BaselineJobState> {
    const job = this.baselines.get(jobRef);
    if (!job) throw new AppError(ErrorCode.NOT_FOUND, `Baseline job "${jobRef}" does not exist in the backend`);
    return job.state;
  }

  async listExecutions(monitor: BackendMonitor, schedule: BackendSchedule, query: ExecutionQuery) {
    this.record({ method: 'listExecutions', monitor, schedule });
    const s = this.state(schedule);
    const since = query.since?.getTime() ?? -Infinity;
    const executions = s.executions.filter((e) => e.changedAt.getTime() >= since).map((e) => ({ ...e.execution, changedAt: e.changedAt }));
    return { executions, nextToken: null };
  }

  async readReport(_monitor: BackendMonitor, execution: BackendExecution): Promise<ExecutionReport> {
    for (const s of this.schedules.values()) {
      const found = s.executions.find((e) => e.execution.executionId === execution.executionId);
      if (found) return found.report;
    }
    throw new AppError(ErrorCode.NOT_FOUND, `Execution "${execution.executionId}" has no report in the backend`);
  }

  async readReportFile(_monitor: BackendMonitor, reportUri: string, file: string): Promise<string | null> {
    this.reportReads.push(`${reportUri}|${file}`);
    return this.reportFiles.get(`${reportUri}|${file}`) ?? null;
  }

  // ---- driven by tests, the way the outside world would change things ----

  /** Every readReportFile call, as `reportUri|file`. */
  readonly reportReads: string[] = [];
  private readonly reportFiles = new Map<string, string>();

  /** Writes one file of a report folder (as the run would have). */
  putReportFile(reportUri: string, file: string, text: string): void {
    this.reportFiles.set(`${reportUri}|${file}`, text);
  }

  /** The recorded state of a schedule by its name (undefined when deleted). */
  scheduleNamed(name: string): { status: string; schedule: BackendSchedule; monitor: BackendMonitor } | undefined {
    for (const s of this.schedules.values()) if (s.schedule.name === name) return s;
    return undefined;
  }

  /** Changes a schedule behind the gateway's back (as in the AWS console). */
  changeOutside(name: string, change: { status?: BackendScheduleState['status']; failureReason?: string; expression?: string; definitionRef?: string }): void {
    const s = this.scheduleNamed(name) as ScheduleState | undefined;
    if (!s) throw new Error(`no schedule ${name}`);
    if (change.status) s.status = change.status;
    if (change.failureReason !== undefined) s.failureReason = change.failureReason;
    if (change.definitionRef !== undefined) s.definitionRef = change.definitionRef;
    if (change.expression !== undefined) s.schedule = { ...s.schedule, spec: { ...s.schedule.spec, expression: change.expression } };
  }

  /** Deletes a schedule behind the gateway's back. */
  deleteOutside(name: string): void {
    const s = this.scheduleNamed(name) as ScheduleState | undefined;
    if (!s) throw new Error(`no schedule ${name}`);
    this.schedules.delete(s.ref);
  }

  baselineJobs(): Array<{ jobRef: string; request: BaselineJobRequest; state: BaselineJobState }> {
    return [...this.baselines].map(([jobRef, j]) => ({ jobRef, ...j }));
  }

  finishBaseline(jobRef: string, state: BaselineJobState): void {
    const job = this.baselines.get(jobRef);
    if (!job) throw new Error(`no baseline job ${jobRef}`);
    job.state = state;
  }

  /** Adds or replaces an execution of a schedule, with the report it produced. */
  putExecution(scheduleName: string, execution: BackendExecution, report: ExecutionReport = { violations: [], statistics: null }, changedAt = new Date()): void {
    const s = this.scheduleNamed(scheduleName) as ScheduleState | undefined;
    if (!s) throw new Error(`no schedule ${scheduleName}`);
    const i = s.executions.findIndex((e) => e.execution.executionId === execution.executionId);
    const entry = { execution, report, changedAt };
    if (i >= 0) s.executions[i] = entry;
    else s.executions.push(entry);
  }
}
