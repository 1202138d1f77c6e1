/** Test fixtures for execution outcomes and baselining (processing) job outputs. */
import { isObj } from './validation.js';

/** One entry of constraint_violations.json: feature_name (data quality), metric_name (model quality), facet/facet_value/metric_name (bias), label/metric_name (feature attribution). */
export interface Violation {
  feature_name?: string;
  metric_name?: string;
  facet?: string;
  facet_value?: string;
  label?: string;
  constraint_check_type: string;
  description: string;
  [extra: string]: unknown;
}

export type TerminalStatus = 'Completed' | 'CompletedWithViolations' | 'Failed';

/** What an execution produced. Status defaults to CompletedWithViolations when violations exist. */
export interface ExecutionOutcome {
  status?: TerminalStatus;
  violations?: Violation[];
  /** Written as statistics.json when given (never invented). */
  statistics?: unknown;
  /**
   * Report files written as given, by name (e.g. a real constraint_violations.json, analysis.json):
   * a string verbatim, anything else JSON-encoded. A constraint_violations.json here replaces the
   * one written from `violations`; the status still comes from `violations` (or `status`).
   */
  files?: Record<string, unknown>;
  failureReason?: string;
}

export interface ProcessingJobOutcome {
  status?: 'Completed' | 'Failed';
  failureReason?: string;
  /** Files written under the job's first S3 output, by relative path (objects are JSON-encoded). */
  outputs?: Record<string, unknown>;
}

/** The number of violations of a constraint_violations.json given as a file (undefined: none given, or unreadable). */
export function violationCountOf(outcome: ExecutionOutcome): number | undefined {
  const file = outcome.files?.['constraint_violations.json'];
  if (file === undefined) return undefined;
  try {
    const doc: unknown = typeof file === 'string' ? JSON.parse(file) : file;
    const list = isObj(doc) ? doc['violations'] : undefined;
    return Array.isArray(list) ? list.length : undefined;
  } catch {
    return undefined;
  }
}

export class Fixtures {
  private readonly next = new Map<string, ExecutionOutcome[]>();
  private readonly defaults = new Map<string, ExecutionOutcome>();
  private readonly jobs = new Map<string, ProcessingJobOutcome>();

  /** Queues the outcome of the next finishing execution of `scheduleName` (FIFO). */
  setNextOutcome(scheduleName: string, outcome: ExecutionOutcome): void {
    const queue = this.next.get(scheduleName) ?? [];
    queue.push(outcome);
    this.next.set(scheduleName, queue);
  }

  /** Outcome used for every execution of `scheduleName` without a queued one. */
  setDefaultOutcome(scheduleName: string, outcome: ExecutionOutcome): void {
    this.defaults.set(scheduleName, outcome);
  }

  /** Outcome of a processing job created with CreateProcessingJob (e.g. a baselining job). */
  setProcessingJobOutcome(jobName: string, outcome: ProcessingJobOutcome): void {
    this.jobs.set(jobName, outcome);
  }

  /** Takes the fixture for the next execution: queued, then default, else undefined. */
  takeOutcome(scheduleName: string): ExecutionOutcome | undefined {
    const queued = this.next.get(scheduleName)?.shift();
    return queued ?? this.defaults.get(scheduleName);
  }

  processingJobOutcome(jobName: string): ProcessingJobOutcome | undefined {
    return this.jobs.get(jobName);
  }

  clear(): void {
    this.next.clear();
    this.defaults.clear();
    this.jobs.clear();
  }
}
