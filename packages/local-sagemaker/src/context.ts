/** Shared context handed to operation handlers and the execution engine. */
import type { Clock } from './clock.js';
import type { ExecutionOutcome, Fixtures, ProcessingJobOutcome } from './fixtures.js';
import type { S3Store } from './s3.js';
import type { ExecutionRecord, JobDefinitionRecord, ProcessingJobRecord, State } from './state.js';

/** Plug-in that computes an execution's reports instead of fixtures (e.g. the built-in engine, engine-reports.ts). */
export type ReportProducer = (execution: Readonly<ExecutionRecord>, jobDefinition: Readonly<JobDefinitionRecord>) => Promise<ExecutionOutcome>;

/** Plug-in that computes a CreateProcessingJob job's outputs; undefined: a job it does not run (no outputs). */
export type BaselineProducer = (job: Readonly<ProcessingJobRecord>) => Promise<ProcessingJobOutcome | undefined>;

export interface EngineOptions {
  region: string;
  accountId: string;
  /** ResourceLimitExceeded beyond this many schedules. */
  maxSchedules: number;
  /** Clock time a new or updated schedule stays Pending before Scheduled. */
  scheduleActivationMs: number;
  /** Delay between an execution's scheduled time and its start (clamped to 0–20 min). */
  startDelayMs: (scheduleName: string, scheduledTime: Date) => number;
  /** Clock time an execution runs (cut at MaxRuntimeInSeconds → Failed). */
  executionRunMs: number;
  /** Clock time a CreateProcessingJob job runs. */
  processingJobRunMs: number;
  /** The endpoints' data capture destination (engine-reports.ts). */
  captureRoot: string;
  reportProducer?: ReportProducer;
  baselineProducer?: BaselineProducer;
}

export interface Context {
  state: State;
  clock: Clock;
  s3: S3Store;
  fixtures: Fixtures;
  options: EngineOptions;
}

