// The job queue behind one small interface, with two drivers: BullMQ on Redis
// (production; several workers share the load) and in-process (tests without
// Redis). Payloads are checked against the job's zod schema when queued and
// again when run, so a bad or stale payload never reaches a handler.
import type { z } from 'zod';

/** How the queue treats a job type, whichever process queues it (defined once, with the job). */
export interface JobOptions {
  /** Runs of a job whose handler throws (infrastructure errors; bad data is recorded, not thrown). */
  readonly attempts: number;
  /** First retry delay; later ones double, each with up to 50% jitter. */
  readonly backoffMs: number;
  /** Finished jobs kept in Redis (their ids keep a second queueing of the same job a no-op). */
  readonly keepCompleted: { readonly ageSec: number; readonly count: number };
  readonly keepFailedSec: number;
}

export interface JobDefinition<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  readonly options: JobOptions;
}

export interface JobContext {
  jobId: string;
  /** When the job was meant to run: the scheduler's fire time, else when it was queued. */
  scheduledAt: Date;
  attempt: number;
  /** No attempt follows this one if it throws. */
  final: boolean;
}

export type JobHandler<T> = (payload: T, ctx: JobContext) => Promise<void>;

/**
 * Told once a job has failed for good, with the reason: its last attempt threw (called
 * before the queue records the failure, so a crash here runs the attempt again), or it
 * stalled too often (its workers died) and the queue failed it without running it.
 * Should be idempotent: the same failure may be reported twice.
 */
export type JobFailureHandler<T> = (payload: T, ctx: JobContext, reason: string) => Promise<void>;

/** One job of a flow (JobQueue.enqueueFlow); build it with flowJob, which checks its payload. */
export interface FlowJob {
  readonly def: JobDefinition<unknown>;
  readonly payload: unknown;
  readonly jobId: string;
}

export function flowJob<T>(def: JobDefinition<T>, payload: T, jobId: string): FlowJob {
  return { def, payload: checkPayload(def, payload), jobId };
}

export interface SchedulerInfo {
  id: string;
  pattern: string;
  jobName: string;
  next: Date | null;
}

export interface JobQueue {
  /** Queues one job; the same `jobId` twice queues it once. */
  enqueue<T>(def: JobDefinition<T>, payload: T, opts?: { jobId?: string; delayMs?: number }): Promise<void>;
  /**
   * Queues `children` at once and `parent` to run once every child has completed (BullMQ flows);
   * the same ids twice queue them once. A child that fails for good fails the flow: the parent never runs.
   */
  enqueueFlow(parent: FlowJob, children: readonly FlowJob[]): Promise<void>;
  /** Creates or replaces a cron scheduler (UTC) that queues `def` with `payload` at every fire time. */
  upsertScheduler<T>(id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void>;
  /** Removing a scheduler that does not exist succeeds. */
  removeScheduler(id: string): Promise<void>;
  getScheduler(id: string): Promise<SchedulerInfo | null>;
  /** Registers the handler of a job type (worker side); must be called before start(). */
  handle<T>(def: JobDefinition<T>, handler: JobHandler<T>, onFailed?: JobFailureHandler<T>): void;
  /** Starts consuming jobs with the registered handlers. */
  start(opts?: { concurrency?: number }): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by a handler when retrying cannot help: the job fails at once, keeping this reason. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * Thrown by a handler when the outside service throttles: the whole queue (every worker
 * process) pauses for `delayMs`, and the job runs again without using up an attempt.
 */
export class RateLimitedJobError extends Error {
  override readonly name = 'RateLimitedJobError';
  constructor(readonly delayMs: number, message: string) {
    super(message);
  }
}

/** Parses a payload with its job's schema; the error names the job type. */
export function checkPayload<T>(def: JobDefinition<T>, payload: unknown): T {
  const r = def.schema.safeParse(payload);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid payload for job "${def.name}": ${issues}`);
  }
  return r.data;
}

/** Creates or updates scheduler `id` only when its pattern differs (a restart leaves a current scheduler alone). */
export async function ensureScheduler<T>(queue: JobQueue, id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void> {
  if ((await queue.getScheduler(id))?.pattern !== pattern) await queue.upsertScheduler(id, pattern, def, payload);
}
