// Repairs lost jobs: queues every PENDING/FAILED delivery whose attempt is due (a crash
// between commit and queueing, a worker that died mid-attempt once its lease is over).
// Queueing an attempt that is already queued is a no-op (same job id); one overdue for
// 30 s (its job may have ended in Redis without sending) gets a job id of this sweep
// window, and the row's atomic claim keeps duplicates from sending twice.
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { queueAttempt } from './jobs.js';
import { webhookStorage as storage } from '../storage/webhooks.js';

export interface SweepOptions {
  limit?: number;
  /** Overdue by more than this, an attempt is queued under a new job id. */
  stuckAfterMs?: number;
  now?: Date;
}

/** Returns how many deliveries were (re)queued. */
export async function sweepDeliveries(db: Db, queue: JobQueue, options: SweepOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  // A job id is kept by BullMQ after its job ends: an attempt whose job ended without a POST
  // (it stalled out when its workers were killed, or its handler kept failing) can only be
  // queued again under another id. Waiting jobs are not doubled before this.
  const stuckAfterMs = options.stuckAfterMs ?? 30_000;
  const due = await storage.due(db, now, options.limit ?? 1_000);
  for (const d of due) {
    const overdue = now.getTime() - (d.nextAttemptAt?.getTime() ?? now.getTime());
    await queueAttempt(queue, d, now.getTime(), overdue > stuckAfterMs ? `-r${Math.floor(now.getTime() / stuckAfterMs)}` : '');
  }
  return due.length;
}

/** Sweeps every `intervalMs` until stopped (run by workers). Does not throw. */
export function startDeliverySweeper(db: Db, queue: JobQueue, options: { intervalMs: number; onError: (error: unknown) => void }) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a slow sweep is not stacked
    running = sweepDeliveries(db, queue).catch(options.onError).finally(() => (running = null));
  }, options.intervalMs);
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
