// The seam between the gateway and whatever runs the monitors. Everything that
// reaches outside the gateway (SageMaker, the built-in engine) goes through this.
import type { MonitorConfig, MonitorType } from '../monitors/model.js';
import type { AwsScheduleConfig } from '../schedules/schedule-config.js';
import type { ScheduleSpec } from '../schedules/rules.js';

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
}

export type BaselineJobState =
  | { status: 'PENDING' | 'IN_PROGRESS' }
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
}

export interface ReportViolation {
  featureName: string;
  checkType: string;
  description: string;
}

export interface ExecutionReport {
  violations: ReportViolation[];
  statistics: unknown;
  /** Where the report files are, when the execution did not say. */
  reportUri?: string;
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
  requests(): OutboundRequest[];
}

export interface ExecutionQuery {
  /** Only executions last changed at or after this time. */
  since?: Date;
  nextToken?: string;
}

/**
 * A monitoring backend. Calls may fail with AppError (codes BAD_USER_INPUT, CONFLICT,
 * NOT_FOUND, RESOURCE_LIMIT_EXCEEDED, UNAVAILABLE); a deleteX of something already gone
 * succeeds, so compensation and retries are safe.
 */
export interface MonitoringBackend {
  readonly kind: 'SAGEMAKER' | 'BUILTIN';
  createSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }>;
  /** The schedule's timing changed (same definition). */
  updateSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  /** The monitor's definition changed: the schedule must run the new definition (its new ref). */
  updateDefinition(monitor: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }>;
  deleteSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  startSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  stopSchedule(monitor: BackendMonitor, schedule: BackendSchedule): Promise<void>;
  suggestBaseline(monitor: BackendMonitor, request: BaselineJobRequest): Promise<{ jobRef: string }>;
  describeBaseline(monitor: BackendMonitor, jobRef: string): Promise<BaselineJobState>;
  listExecutions(
    monitor: BackendMonitor,
    schedule: BackendSchedule,
    query: ExecutionQuery,
  ): Promise<{ executions: BackendExecution[]; nextToken: string | null }>;
  readReport(monitor: BackendMonitor, execution: BackendExecution): Promise<ExecutionReport>;
  dryRun(): DryRunBackend;
}

export type Backends = Record<'SAGEMAKER' | 'BUILTIN', MonitoringBackend>;
