// Every job type, defined once: a name and the zod schema of its payload.
import { z } from 'zod';
import type { JobDefinition } from './queue.js';

export function defineJob<S extends z.ZodType>(name: string, schema: S): JobDefinition<z.infer<S>> {
  return { name, schema: schema as z.ZodType<z.infer<S>> };
}

/**
 * One monitoring execution of a built-in schedule. Cron schedulers queue it
 * without `scheduledTime` (the fire time is the job's); ONE_TIME runs set it.
 */
export const RunExecutionJob = defineJob(
  'engine.run-execution',
  z.object({ scheduleRef: z.string().min(1), scheduledTime: z.iso.datetime().optional() }),
);

/** One suggest-baseline job (the EngineBaselineJob row holds the request). */
export const SuggestBaselineJob = defineJob('engine.suggest-baseline', z.object({ jobRef: z.uuid() }));

export const ALL_JOBS = [RunExecutionJob, SuggestBaselineJob] as const;
