// The built-in engine's wiring: backend (gateway side) and job handlers (worker side).
import { RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { EngineContext } from './context.js';
import { failBaseline, failExecution } from './failures.js';
import { runBaseline, runExecution } from './runs.js';

export { BuiltinBackend } from './builtin-backend.js';
export { engineContext, type EngineContext, type EngineOptions } from './context.js';

const scheduledTimeOf = (p: { scheduledTime?: string | undefined }, job: { scheduledAt: Date }) => (p.scheduledTime ? new Date(p.scheduledTime) : job.scheduledAt);

/**
 * Registers the engine's job handlers on a queue (worker side). An attempt that throws
 * leaves its row IN_PROGRESS while the queue retries; the last one records FAILED.
 */
export function registerEngineJobs(queue: JobQueue, ctx: EngineContext): void {
  queue.handle(
    RunExecutionJob,
    async (p, job) => void (await runExecution(ctx, p.scheduleRef, scheduledTimeOf(p, job))),
    (p, job, reason) => failExecution(ctx, job, p.scheduleRef, scheduledTimeOf(p, job), reason),
  );
  queue.handle(
    SuggestBaselineJob,
    async (p) => void (await runBaseline(ctx, p.jobRef)),
    (p, job, reason) => failBaseline(ctx, job, p.jobRef, reason),
  );
}
