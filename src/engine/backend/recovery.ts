// The engine's jobs after a restart of a queue that kept nothing (single-process mode: the
// queue lived in the process). Its tables say what the queue held: every schedule not
// stopped gets its cron scheduler again, every run or baseline not finished is queued again
// (running either twice is idempotent: a finished one is not redone), and a schedule whose
// latest fire time passed without a run gets that run (the fire was due while the process
// was down, or queued and lost with it).
import type { Db } from '../../db/client.js';
import { cronPatternOf, nextFire } from '../../jobs/cron.js';
import { RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import type { JobQueue } from '../../jobs/queue.js';

const UNFINISHED = ['PENDING', 'IN_PROGRESS'] as const;

/** Queues one run of `scheduleRef` at `at`, its row written PENDING first so that a restart finds it. */
export async function queueEngineRun(db: Db, queue: JobQueue, scheduleRef: string, at: Date, jobId: string): Promise<void> {
  const sched = await db.engineSchedule.findUnique({ where: { ref: scheduleRef }, select: { teamId: true, monitorId: true } });
  if (sched) {
    await db.engineExecution.upsert({
      where: { scheduleRef_scheduledTime: { scheduleRef, scheduledTime: at } },
      create: { scheduleRef, scheduledTime: at, teamId: sched.teamId, monitorId: sched.monitorId, status: 'PENDING' },
      update: {},
    });
  }
  await queue.enqueue(RunExecutionJob, { scheduleRef, scheduledTime: at.toISOString() }, { jobId });
}

/** The latest fire time of `pattern` at or before `now` (within a day), if any. */
function lastFire(pattern: string, now: Date): Date | null {
  let at = nextFire(pattern, new Date(now.getTime() - 24 * 3600_000));
  let last: Date | null = null;
  while (at && at <= now) {
    last = at;
    at = nextFire(pattern, at);
  }
  return last;
}

export interface EngineRecovery {
  schedules: number;
  runs: number;
  baselines: number;
}

/** Re-arms the schedulers and re-queues the unfinished work of the engine's tables on `queue`. */
export async function recoverEngineJobs(db: Db, queue: JobQueue, now = new Date()): Promise<EngineRecovery> {
  const schedules = await db.engineSchedule.findMany({ where: { stopped: false }, select: { ref: true, expression: true, createdAt: true } });
  let runs = 0;
  for (const s of schedules) {
    const pattern = cronPatternOf(s.expression);
    if (!pattern) continue;
    await queue.upsertScheduler(s.ref, pattern, RunExecutionJob, { scheduleRef: s.ref });
    const missed = lastFire(pattern, now);
    if (!missed || missed <= s.createdAt) continue;
    const seen = await db.engineExecution.findUnique({ where: { scheduleRef_scheduledTime: { scheduleRef: s.ref, scheduledTime: missed } }, select: { id: true } });
    if (!seen) {
      await queueEngineRun(db, queue, s.ref, missed, `${s.ref}-${missed.getTime()}`);
      runs++;
    }
  }
  const active = new Set(schedules.map((s) => s.ref));
  const unfinished = await db.engineExecution.findMany({
    where: { status: { in: [...UNFINISHED] } }, select: { scheduleRef: true, scheduledTime: true }, orderBy: { scheduledTime: 'asc' },
  });
  for (const r of unfinished) {
    if (!active.has(r.scheduleRef)) continue; // deleted or stopped: it would run nothing
    const at = r.scheduledTime;
    await queue.enqueue(RunExecutionJob, { scheduleRef: r.scheduleRef, scheduledTime: at.toISOString() }, { jobId: `${r.scheduleRef}-${at.getTime()}` });
    runs++;
  }
  const baselines = await db.engineBaselineJob.findMany({ where: { status: { in: [...UNFINISHED] } }, select: { id: true } });
  for (const b of baselines) await queue.enqueue(SuggestBaselineJob, { jobRef: b.id }, { jobId: `baseline-${b.id}` });
  return { schedules: schedules.length, runs, baselines: baselines.length };
}
