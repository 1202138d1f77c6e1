// The periodic reconcile: one BullMQ Job Scheduler (RECONCILE_INTERVAL_MS) queues a run
// that reconciles every team's schedules, repairing drift, as the actor "reconciler".
// Each repair is audited (`schedule.reconciled`); the run's `schedules.reconcile_checked`
// row is written only for teams with drift or errors (an hourly no-op is not history).
import { z } from 'zod';
import { defineJob } from '../jobs/definitions.js';
import { ensureScheduler, type JobQueue } from '../jobs/queue.js';
import type { Logger } from '../shared/logger.js';
import type { Actor } from '../kernel/caller.js';
import type { ReconcileManager } from './manager.js';

/** One run over every team, or over `teamIds` (a run queued by hand for some teams). */
export const ReconcileJob = defineJob('reconcile.schedules', z.object({ repair: z.boolean(), teamIds: z.array(z.uuid()).min(1).max(1000).optional() }), {
  attempts: 5, backoffMs: 1_000,
});

export const RECONCILE_SCHEDULER_ID = 'reconcile-schedules';
export const RECONCILER = 'reconciler';

export interface ReconcileJobDeps {
  reconcile: ReconcileManager;
  /** config RECONCILE_INTERVAL_MS; 0 removes the scheduler. */
  intervalMs: number;
  log: Logger;
}

/** A seconds-resolution cron pattern firing about every `intervalMs` (at least a minute, at most a day). */
export function reconcilePattern(intervalMs: number): string {
  const minutes = Math.max(1, Math.round(intervalMs / 60_000));
  if (minutes < 60) return `0 */${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  return hours < 24 ? `0 0 */${hours} * * *` : '0 0 0 * * *';
}

export function reconcilerActor(teamId: string, requestId: string): Actor {
  return { teamId, role: 'ADMIN', keyId: null, memberId: null, label: RECONCILER, requestId };
}

/**
 * Registers the run's handler (synchronously, so call it before queue.start()) and makes
 * the scheduler match `intervalMs` (upserted only when missing or different).
 */
export async function registerReconcileJobs(queue: JobQueue, deps: ReconcileJobDeps): Promise<void> {
  queue.handle(ReconcileJob, async (payload, ctx) => {
    const requestId = `reconcile-${ctx.scheduledAt.getTime()}`;
    const totals = await deps.reconcile.reconcileAll((teamId) => reconcilerActor(teamId, requestId), payload.repair, (teamId, err) =>
      deps.log.error({ err, teamId }, 'reconcile of a team failed; the next run tries again'), payload.teamIds);
    deps.log.info({ ...totals, requestId }, 'schedules reconciled');
  });
  if (deps.intervalMs === 0) {
    await queue.removeScheduler(RECONCILE_SCHEDULER_ID);
    return;
  }
  const pattern = reconcilePattern(deps.intervalMs);
  await ensureScheduler(queue, RECONCILE_SCHEDULER_ID, pattern, ReconcileJob, { repair: true });
}
