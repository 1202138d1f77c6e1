// What a job that failed for good leaves behind: its execution or baseline job FAILED with
// the reason, so the sync hands it to the gateway (the queue alone would keep it in Redis).
// Only an unfinished row changes, so a failure reported twice is recorded, logged and counted once.
import type { JobContext } from '../../jobs/queue.js';
import { metrics } from '../../ops/metrics.js';
import type { EngineContext } from './context.js';

const UNFINISHED = ['PENDING', 'IN_PROGRESS'] as const;

const reasonOf = (job: JobContext, reason: string) =>
  `engine error after ${job.attempt} attempt${job.attempt === 1 ? '' : 's'}: ${reason}`.slice(0, 2000);

export async function failExecution(ctx: EngineContext, job: JobContext, scheduleRef: string, scheduledTime: Date, reason: string): Promise<void> {
  const failureReason = reasonOf(job, reason);
  const r = await ctx.db.engineExecution.updateMany({
    where: { scheduleRef, scheduledTime, status: { in: [...UNFINISHED] } },
    data: { status: 'FAILED', endedAt: ctx.now(), failureReason },
  });
  if (r.count === 0) return;
  metrics.engineJobFailures.inc({ job: 'execution' });
  ctx.log.warn({ job: 'execution', jobId: job.jobId, scheduleRef, scheduledTime, failureReason }, 'engine execution failed');
}

export async function failBaseline(ctx: EngineContext, job: JobContext, jobRef: string, reason: string): Promise<void> {
  const failureReason = reasonOf(job, reason);
  const r = await ctx.db.engineBaselineJob.updateMany({ where: { id: jobRef, status: { in: [...UNFINISHED] } }, data: { status: 'FAILED', failureReason } });
  if (r.count === 0) return;
  metrics.engineJobFailures.inc({ job: 'baseline' });
  ctx.log.warn({ job: 'baseline', jobId: job.jobId, jobRef, failureReason }, 'engine baseline failed');
}
