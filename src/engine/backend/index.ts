// The built-in engine's wiring: backend (gateway side) and job handlers (worker side).
import { RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { EngineContext } from './context.js';
import { runBaseline, runExecution } from './runs.js';

export { BuiltinBackend } from './builtin-backend.js';
export { engineContext, type EngineContext, type EngineOptions } from './context.js';
export { runBaseline, runExecution } from './runs.js';

/** Registers the engine's job handlers on a queue (worker side). */
export function registerEngineJobs(queue: JobQueue, ctx: EngineContext): void {
  queue.handle(RunExecutionJob, async (p, job) => {
    await runExecution(ctx, p.scheduleRef, p.scheduledTime ? new Date(p.scheduledTime) : job.scheduledAt);
  });
  queue.handle(SuggestBaselineJob, async (p) => {
    await runBaseline(ctx, p.jobRef);
  });
}
