// MetricPoint is partitioned by month of `time` (migration 20261206120001_metric_point_partitions):
// a daily job creates the partitions of the next months, so points never land in the DEFAULT
// partition (from which a month's partition can no longer be created). The migration created
// the months of the existing points and three ahead.
import { EnsurePartitionsJob } from '../jobs/definitions.js';
import { ensureScheduler, type JobQueue } from '../jobs/queue.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../shared/logger.js';
import { metricStorage } from '../storage/metric-series.js';

export const PARTITIONS_SCHEDULER_ID = 'partitions-ensure';
/** Seconds-resolution cron (UTC): daily at 03:05. */
export const PARTITIONS_PATTERN = '0 5 3 * * *';

/** Creates the missing monthly partitions from `now`'s month through `monthsAhead` months later; the number created. */
export async function ensureMetricPartitions(db: Db, now: Date, monthsAhead: number): Promise<number> {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1));
  return metricStorage.ensurePartitions(db, now, to);
}

/** Registers the job's handler (before queue.start()) and makes sure its daily scheduler exists. */
export async function registerPartitionJobs(queue: JobQueue, deps: { db: Db; log: Logger }): Promise<void> {
  queue.handle(EnsurePartitionsJob, async (payload, ctx) => {
    const created = await ensureMetricPartitions(deps.db, ctx.scheduledAt, payload.monthsAhead);
    if (created > 0) deps.log.info({ created, monthsAhead: payload.monthsAhead }, 'metric point partitions created');
  });
  await ensureScheduler(queue, PARTITIONS_SCHEDULER_ID, PARTITIONS_PATTERN, EnsurePartitionsJob, { monthsAhead: 3 });
}
