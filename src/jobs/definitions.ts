// Every job type, defined once: a name, the zod schema of its payload and its queue
// options, so every process that queues it queues it the same way.
import { z } from 'zod';
import type { JobDefinition, JobOptions } from './queue.js';

/** A week of completed jobs (at most 10,000), a month of failed ones. */
const KEPT = { keepCompleted: { ageSec: 7 * 24 * 3600, count: 10_000 }, keepFailedSec: 30 * 24 * 3600 } as const;

/** Each job states its retries; the retention is the one above unless given. */
export function defineJob<S extends z.ZodType>(
  name: string, schema: S, options: Pick<JobOptions, 'attempts' | 'backoffMs'> & Partial<JobOptions>,
): JobDefinition<z.infer<S>> {
  return { name, schema: schema as z.ZodType<z.infer<S>>, options: { ...KEPT, ...options } };
}

/**
 * One monitoring execution of a built-in schedule. Cron schedulers queue it
 * without `scheduledTime` (the fire time is the job's); ONE_TIME runs set it.
 */
export const RunExecutionJob = defineJob(
  'engine.run-execution',
  z.object({ scheduleRef: z.string().min(1), scheduledTime: z.iso.datetime().optional() }),
  { attempts: 3, backoffMs: 5_000 },
);

/** One suggest-baseline job (the EngineBaselineJob row holds the request). */
export const SuggestBaselineJob = defineJob('engine.suggest-baseline', z.object({ jobRef: z.uuid() }), { attempts: 3, backoffMs: 5_000 });

/**
 * The daily retention purge (src/tenancy/retention-jobs.ts): deletes every team's rows past its
 * retention horizons (or those of `teamIds`), `batchSize` rows per statement.
 */
export const PurgeRetentionJob = defineJob(
  'retention.purge',
  z.object({ batchSize: z.number().int().min(1).max(50_000).default(5_000), teamIds: z.array(z.uuid()).min(1).max(1000).optional() }),
  { attempts: 3, backoffMs: 60_000 },
);

/** Creates MetricPoint's monthly partitions for the next `monthsAhead` months (src/metric-series/partitions.ts), daily. */
export const EnsurePartitionsJob = defineJob(
  'partitions.ensure',
  z.object({ monthsAhead: z.number().int().min(1).max(24).default(3) }),
  { attempts: 3, backoffMs: 60_000 },
);

/**
 * One part of an execution split over workers (a BullMQ flow's child): analyses the capture
 * partitions `units` of the run's window and writes the part's result under the run's report prefix.
 */
export const ExecutionPartJob = defineJob(
  'engine.execution-part',
  z.object({ scheduleRef: z.string().min(1), scheduledTime: z.iso.datetime(), part: z.number().int().nonnegative(), units: z.array(z.number().int().nonnegative()).min(1) }),
  { attempts: 3, backoffMs: 5_000 },
);

/** The parent of an execution's parts: runs once every part completed, merges the `parts` results and finishes the run. */
export const MergeExecutionJob = defineJob(
  'engine.merge-execution',
  z.object({ scheduleRef: z.string().min(1), scheduledTime: z.iso.datetime(), parts: z.number().int().min(1) }),
  { attempts: 3, backoffMs: 5_000 },
);
