/** In-memory records held by the local server. Dates are real Date objects; toWire() encodes them. */
import type { Cadence } from './schedules.js';
import type { ExecutionStatus, MonitoringType, Obj, ScheduleStatus } from './validation.js';

export interface JobDefinitionRecord {
  type: MonitoringType;
  name: string;
  arn: string;
  creationTime: Date;
  /** The create request as sent, minus JobDefinitionName and Tags (Describe returns it). */
  body: Obj;
  /** True for a schedule's inline MonitoringJobDefinition (legacy data quality form). */
  inline?: boolean;
}

export interface ScheduleRecord {
  name: string;
  arn: string;
  status: ScheduleStatus;
  type: MonitoringType;
  creationTime: Date;
  lastModifiedTime: Date;
  /** MonitoringScheduleConfig as sent. */
  config: Obj;
  cadence: Cadence;
  endpointName?: string;
  jobDefinitionName?: string;
  /** Pending → Scheduled at this clock time. */
  activateAt: Date;
  /** Fire times at or before this have been considered. */
  cursor: Date;
  /** One-time (NOW) schedules run once. */
  ranOnce: boolean;
}

export interface ExecutionRecord {
  id: number;
  scheduleName: string;
  scheduleArn: string;
  type: MonitoringType;
  jobDefinition: JobDefinitionRecord;
  jobDefinitionName?: string;
  endpointName?: string;
  /** The schedule's ScheduleConfig when the execution was created (a one-time run's analysis window). */
  scheduleConfig: Obj;
  scheduledTime: Date;
  creationTime: Date;
  lastModifiedTime: Date;
  /** When the processing job starts (scheduled time + start delay) and ends. */
  startTime: Date;
  endTime: Date;
  status: ExecutionStatus;
  failureReason?: string;
  /** Set when the run is cut at MaxRuntimeInSeconds. */
  timedOut: boolean;
  processingJobName: string;
  processingJobArn: string;
  /** s3://.../{endpoint|batch}/{schedule}/yyyy/mm/dd/hh */
  reportUri: string;
  violationCount?: number;
  finalized: boolean;
}

export interface ProcessingJobRecord {
  name: string;
  arn: string;
  /** CreateProcessingJob request minus name and tags. */
  body: Obj;
  status: 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  creationTime: Date;
  lastModifiedTime: Date;
  startTime: Date;
  completeAt: Date;
  endTime?: Date;
  exitMessage?: string;
  failureReason?: string;
}

export class State {
  readonly jobDefinitions = new Map<string, JobDefinitionRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly executions: ExecutionRecord[] = [];
  readonly processingJobs = new Map<string, ProcessingJobRecord>();
  nextExecutionId = 1;

  constructor(readonly region: string, readonly accountId: string) {}

  arn(kind: string, name: string): string {
    return `arn:aws:sagemaker:${this.region}:${this.accountId}:${kind}/${name.toLowerCase()}`;
  }

  executionByJobName(jobName: string): ExecutionRecord | undefined {
    return this.executions.find((e) => e.processingJobName === jobName);
  }
}
