// The retention purge's job: one BullMQ Job Scheduler queues it daily (03:15 UTC); each run
// deletes every team's rows past its horizons (tenancy/retention.ts) and logs the totals.
import { PurgeRetentionJob } from '../jobs/definitions.js';
import { ensureScheduler, type JobQueue } from '../jobs/queue.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../shared/logger.js';
import { purgeExpired } from './retention.js';

export const RETENTION_SCHEDULER_ID = 'retention-purge';
/** Seconds-resolution cron (UTC): daily at 03:15. */
export const RETENTION_PATTERN = '0 15 3 * * *';

/** Registers the purge's handler (before queue.start()) and makes sure its daily scheduler exists. */
export async function registerRetentionJobs(queue: JobQueue, deps: { db: Db; log: Logger }): Promise<void> {
  queue.handle(PurgeRetentionJob, async (payload, ctx) => {
    const started = Date.now();
    const { deleted, batches } = await purgeExpired(deps.db, { batchSize: payload.batchSize, now: ctx.scheduledAt, ...(payload.teamIds ? { teamIds: payload.teamIds } : {}) });
    deps.log.info({ deleted, statements: batches.length, ms: Date.now() - started }, 'retention purge done');
  });
  await ensureScheduler(queue, RETENTION_SCHEDULER_ID, RETENTION_PATTERN, PurgeRetentionJob, { batchSize: 5_000 });
}
