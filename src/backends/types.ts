// The seam between the gateway and whatever runs the monitors. Everything that
// reaches outside the gateway (SageMaker, the built-in engine) goes through this.
import type { MonitorConfig, MonitorType } from '../kernel/monitor-config.js';
import type { AwsScheduleConfig } from '../kernel/schedule-config.js';
import type { ScheduleSpec } from '../kernel/rules/schedule.js';
import type { ProgressReport } from './progress.js';

export interface BackendMonitor {
  id: string;
  teamId: string;
  name: string;
  type: MonitorType;
  config: MonitorConfig;
  /** The constraints executions are checked against (the active baseline), if any. */
  baseline: { id: string; version: number; statistics: unknown; constraints: unknown } | null;
}

export interface BackendSchedule {
  id: string;
  /** The schedule's name in the backend (see MonitoringBackend.scheduleNameFor). */
  name: string;
  spec: ScheduleSpec;
  /** Built by buildScheduleConfig, the one builder shared by all monitor types. */
  scheduleConfig: AwsScheduleConfig;
  /** What the backend returned when the schedule was created. */
  backendRef: string | null;
}

export interface BaselineJobRequest {
  baselineId: string;
  version: number;
  datasetUri: string;
  datasetFormat: { csvHeader?: boolean | null; jsonLines?: boolean | null; parquet?: boolean | null };
  columnNames: string[] | null;
  /** Model quality: where the prediction, probability and ground truth are in the dataset (SageMaker's names). */
  inferenceAttribute?: string;
  probabilityAttribute?: string;
  probabilityThresholdAttribute?: number;
  groundTruthAttribute?: string;
}

export type BaselineJobState =
  /** progress: what the job has read so far (built-in engine; SageMaker reports none). */
  | { status: 'PENDING' | 'IN_PROGRESS'; progress?: ProgressReport | null }
  | { status: 'COMPLETED'; statistics: unknown; constraints: unknown }
  | { status: 'FAILED'; failureReason: string };

export type BackendExecutionStatus =
  | 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_VIOLATIONS' | 'FAILED' | 'STOPPING' | 'STOPPED';

export interface BackendExecution {
  /** Stable across polls: the processing job ARN or the engine's run id. */
  executionId: string;
  status: BackendExecutionStatus;
  scheduledTime: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  failureReason: string | null;
  reportUri: string | null;
  /** When the backend last changed it, on the backend's clock: pollers resume from the newest one seen. */
  changedAt?: Date;
  /** How far the run got (built-in engine, while running and its final counts after); SageMaker reports none. */
  progress?: ProgressReport | null;
}

export interface ReportViolation {
  /** The feature; else the label (feature attribution), the facet (bias) or the metric (model quality). */
  featureName: string;
  checkType: string;
  description: string;
  /** '' (or absent) where the report has none: metric_name (model quality, bias, feature attribution). */
  metricName?: string;
  /** Bias drift: the facet and its value or threshold. */
  facet?: string;
  facetValue?: string;
  /** Feature attribution drift: the label whose SHAP ranking drifted. */
  label?: string;
}

export interface ExecutionReport {
  violations: ReportViolation[];
  /** The report document: statistics.json (data/model quality) or analysis.json (bias/explainability); null when absent. */
  statistics: unknown;
  /** Where the report files are, when the execution did not say. */
  reportUri?: string;
}

/** A schedule as the backend has it now (the reconcile job compares it with the gateway's row). */
export interface BackendScheduleState {
  status: 'PENDING' | 'SCHEDULED' | 'STOPPED' | 'FAILED';
  expression: string;
  dataAnalysisStartTime: string | null;
  dataAnalysisEndTime: string | null;
  /** What the schedule runs: the job definition name (SageMaker) or the engine ref; compared with backendRef. */
  definitionRef: string | null;
  failureReason: string | null;
}

/** One request as the backend would send it outside (dry runs show these). */
export interface OutboundRequest {
  service: string;
  operation: string;
  input: unknown;
}

/** A twin of a backend that computes every outbound request and sends none. */
export interface DryRunBackend {
  backend: MonitoringBackend;
  /** A property, not a method: DryRunLog keeps it detached and calls it when the response is sent. */
  requests: () => OutboundRequest[];
}

export interface ExecutionQuery {
  /** Only executions last changed at or after this time. */
  since?: Date;
  nextToken?: string;
}

/**
 * A monitoring backend. Calls may fail with AppError (codes BAD_USER_INPUT, CONFLICT,
 * NOT_FOUND, RESOURCE_LIMIT_EXCEEDED, UNAVAILABLE); a deleteX of something already gone
 * succeeds, so compensation and retries are safe. Throttling is UNAVAILABLE with
 * `extensions.throttled = true` (see isThrottled), so callers can slow down.
 */
export interface MonitoringBackend {
  readonly kind: 'SAGEMAKER' | 'BUILTIN';
  /**
   * The name a new schedule gets in the backend when teams share the backend's names
   * (SageMaker: one namespace per account and region); stored, never derived again.
   * Absent: the schedule's own name.
   */
  scheduleNameFor?(teamId: string, name: string): string;
  createSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }>;
  /** The schedule's timing changed (same definition). */
  updateSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  /** The monitor's definition changed: the schedule must run the new definition (its new ref). */
  updateDefinition(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }>;
  deleteSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  startSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  stopSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  /**
   * The schedule as the backend has it, or null when it has none of that name/ref. A read:
   * a dry-run twin answers it from the real backend and records no request.
   */
  describeSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<BackendScheduleState | null>;
  suggestBaseline(monitor: BackendMonitor, request: BaselineJobRequest): Promise<{ jobRef: string }>;
  describeBaseline(monitor: BackendMonitor, jobRef: string): Promise<BaselineJobState>;
  listExecutions(
    monitor: BackendMonitor,
    schedule: BackendSchedule,
    query: ExecutionQuery,
  ): Promise<{ executions: BackendExecution[]; nextToken: string | null }>;
  readReport(monitor: BackendMonitor, execution: BackendExecution): Promise<ExecutionReport>;
  /**
   * The text of one file (e.g. `statistics.json`) of a finished run's report folder `reportUri`
   * (the execution's stored reportUri), or null when the run wrote no such file. A read: a
   * dry-run twin answers it from the real backend.
   */
  readReportFile(monitor: BackendMonitor, reportUri: string, file: string): Promise<string | null>;
  dryRun(): DryRunBackend;
}

export type Backends = Record<'SAGEMAKER' | 'BUILTIN', MonitoringBackend>;

/** Why a schedule found in a backend cannot be adopted as it is (stable codes; see graphql/imports.graphql). */
export type ImportSkipCode =
  | 'ALREADY_ADOPTED' | 'MANAGED_BY_ANOTHER_TEAM' | 'INLINE_DEFINITION' | 'DEFINITION_NOT_FOUND' | 'SCHEDULE_FAILED'
  | 'CUSTOM_IMAGE' | 'UNREADABLE_FILE' | 'UNSUPPORTED_SCHEDULE' | 'INVALID_MONITOR' | 'NAME_TAKEN';

/** A schedule made outside the gateway, read whole from its backend: what adopting it would store, or why it cannot be. */
export type ForeignSchedule = { name: string; arn: string | null } & (
  | {
      adoptable: true;
      type: MonitorType;
      config: MonitorConfig;
      spec: ScheduleSpec;
      status: 'SCHEDULED' | 'STOPPED';
      /** The job definition the schedule runs (becomes Schedule.backendRef); null for an inline MonitoringJobDefinition. */
      definitionName: string | null;
      /** The definition's baseline, read from its files; null when it has none. */
      baseline: { constraints: unknown; statistics: unknown; constraintsUri: string; jobName: string | null } | null;
    }
  | { adoptable: false; code: ImportSkipCode; message: string }
);

/** A backend whose own schedules can be listed for adoption (SageMaker: the team's account and region). */
export interface ImportSource {
  /** Every monitoring schedule the team's account has in its region, each described with its job definition. */
  foreignSchedules(teamId: string): Promise<ForeignSchedule[]>;
}

export const isImportSource = (b: MonitoringBackend): b is MonitoringBackend & ImportSource =>
  typeof (b as Partial<ImportSource>).foreignSchedules === 'function';

/** True when a backend error says the backend is throttling this caller. */
export function isThrottled(error: unknown): boolean {
  return (error as { extensions?: { throttled?: unknown } } | null)?.extensions?.throttled === true;
}
