// The execution sync's job handlers. One dispatch job per cycle (a single BullMQ Job
// Scheduler, see scheduler.ts) claims the schedules whose poll is due and queues one
// poll job each; backend calls therefore follow the schedules with something happening
// (plan.ts), not the number of schedules. Every handler is idempotent: the rows it
// writes have unique keys, and events go through the outbox in the same transaction.
import { ZodError } from 'zod';
import type { Db } from '../db/client.js';
import type { BaselineManager } from '../baselines/manager.js';
import type { ExecutionManager } from '../executions/manager.js';
import { baselineStorage } from '../storage/baselines.js';
import { scheduleStorage } from '../storage/schedules.js';
import { executionStorage } from '../storage/executions.js';
import { isThrottled } from '../backends/types.js';
import { PermanentJobError, RateLimitedJobError, type JobQueue } from '../jobs/queue.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { metrics } from '../ops/metrics.js';
import type { Logger } from '../shared/logger.js';
import { planNextPoll, type PollSettings } from './plan.js';
import { syncStorage } from '../storage/sync.js';
import { DispatchPollsJob, PollBaselineJob, PollScheduleJob } from './jobs.js';

export interface SyncSettings extends PollSettings {
  /** Schedules claimed per dispatch cycle at most. */
  batch: number;
  /** A claimed schedule is claimed again after this if its poll job never finished. */
  leaseMs: number;
  /** Executions changed this long before a poll are read again by the next (backends report late). */
  cursorOverlapMs: number;
  /** How long the whole queue pauses when a backend throttles. */
  throttleDelayMs: number;
}

export interface SyncDeps {
  db: Db;
  executions: ExecutionManager;
  baselines: BaselineManager;
  settings: SyncSettings;
  log: Logger;
}

type Failure = 'throttled' | 'transient' | 'permanent';

/** Retrying helps with throttling, unavailability and our own infrastructure errors; not with the rest. */
function classify(error: unknown): Failure {
  if (isThrottled(error)) return 'throttled';
  if (error instanceof ZodError) return 'permanent'; // stored data that does not parse: a retry reads the same
  if (!(error instanceof AppError)) return 'transient'; // database, Redis, network: retry
  return error.code === ErrorCode.UNAVAILABLE ? 'transient' : 'permanent';
}

const jitter = (ms: number): number => Math.round(ms * (0.75 + Math.random() * 0.5));

export function registerSyncJobs(queue: JobQueue, deps: SyncDeps): void {
  const { db, settings: s, log } = deps;

  queue.handle(DispatchPollsJob, async () => {
    metrics.pollCycles.inc();
    await syncStorage.addMissing(db);
    const claimed = await syncStorage.claimDue(db, s.batch, s.leaseMs);
    await Promise.all(
      claimed.map((c) =>
        queue.enqueue(PollScheduleJob, { scheduleId: c.scheduleId, teamId: c.teamId }, { jobId: `poll-${c.scheduleId}-${c.leaseUntil.getTime()}` }),
      ),
    );
    // Unfinished baseline jobs are few; each is asked once per running-poll period.
    const slot = Math.floor(Date.now() / s.runningMs);
    const baselines = await baselineStorage.unfinished(db, s.batch);
    await Promise.all(baselines.map((b) => queue.enqueue(PollBaselineJob, { baselineId: b.id, teamId: b.teamId }, { jobId: `baseline-${b.id}-${slot}` })));
  });

  queue.handle(PollScheduleJob, async ({ scheduleId, teamId }) => {
    const state = await syncStorage.get(db, scheduleId);
    if (!state) return; // the schedule was deleted (its plan row goes with it)
    let lastChangedAt: Date | null = null;
    try {
      ({ lastChangedAt } = await deps.executions.syncSchedule(teamId, scheduleId, state.cursor ?? undefined));
    } catch (error) {
      if (!(await syncStorage.get(db, scheduleId))) return; // deleted while polling
      await failed(scheduleId, error);
    }
    await scheduleStorage.completeOneTime(db, scheduleId); // its one run has ended: the schedule has too
    const [schedule, executions] = await Promise.all([
      scheduleStorage.pollState(db, scheduleId),
      executionStorage.scheduleState(db, scheduleId),
    ]);
    if (!schedule) return;
    const now = new Date();
    const plan = planNextPoll({ now, expression: schedule.expression, active: schedule.status === 'SCHEDULED', ...executions }, s);
    // The cursor is on the backend's clock (its newest change, less a margin for late reports).
    const cursor = lastChangedAt ? new Date(lastChangedAt.getTime() - s.cursorOverlapMs) : state.cursor;
    await syncStorage.recordSuccess(db, scheduleId, { cursor, ...plan });
    metrics.schedulePolls.inc({ outcome: 'ok' });
  });

  /** Records why a poll failed, then throws what tells the queue how to retry. */
  async function failed(scheduleId: string, error: unknown): Promise<never> {
    const kind = classify(error);
    const message = error instanceof Error ? error.message : String(error);
    const wait = kind === 'permanent' ? s.idleMs : s.leaseMs;
    await syncStorage
      .recordFailure(db, scheduleId, { error: message, nextPollAt: new Date(Date.now() + wait) })
      .catch((e: unknown) => log.warn({ err: e, scheduleId }, 'could not record a poll failure'));
    metrics.schedulePolls.inc({ outcome: kind === 'permanent' ? 'failed' : 'retry' });
    log.warn({ scheduleId, kind, err: error }, 'schedule poll failed');
    if (kind === 'throttled') throw new RateLimitedJobError(jitter(s.throttleDelayMs), message);
    if (kind === 'permanent') throw new PermanentJobError(message);
    throw error;
  }

  queue.handle(PollBaselineJob, async ({ baselineId, teamId }) => {
    try {
      await deps.baselines.sync(teamId, baselineId);
    } catch (error) {
      const kind = classify(error);
      if (kind === 'throttled') throw new RateLimitedJobError(jitter(s.throttleDelayMs), (error as Error).message);
      if (kind === 'permanent') throw new PermanentJobError((error as Error).message);
      throw error;
    }
  });
}
