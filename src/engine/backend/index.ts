// The built-in engine's wiring: backend (gateway side) and job handlers (worker side).
import { ExecutionPartJob, MergeExecutionJob, RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { EngineContext } from './context.js';
import { failBaseline, failExecution } from './failures.js';
import { mergeExecution, runPart, splitting } from './flows.js';
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
    async (p, job) => {
      const at = scheduledTimeOf(p, job);
      await runExecution(ctx, p.scheduleRef, at, splitting(ctx, p.scheduleRef, at, job.jobId));
    },
    (p, job, reason) => failExecution(ctx, job, p.scheduleRef, scheduledTimeOf(p, job), reason),
  );
  // A split run's parts and their merge: a part or merge that fails for good fails the run.
  queue.handle(ExecutionPartJob, (p) => runPart(ctx, p), (p, job, reason) => failExecution(ctx, job, p.scheduleRef, new Date(p.scheduledTime), `part ${p.part}: ${reason}`));
  queue.handle(MergeExecutionJob, async (p) => void (await mergeExecution(ctx, p)), (p, job, reason) => failExecution(ctx, job, p.scheduleRef, new Date(p.scheduledTime), reason));
  queue.handle(
    SuggestBaselineJob,
    async (p) => void (await runBaseline(ctx, p.jobRef)),
    (p, job, reason) => failBaseline(ctx, job, p.jobRef, reason),
  );
}
