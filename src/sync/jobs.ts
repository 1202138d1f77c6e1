// The execution sync's jobs, defined once (payloads checked when queued and when run), with their retries.
import { z } from 'zod';
import { defineJob } from '../jobs/definitions.js';

/** Retries of a sync job whose handler threw (a throttled poll waits without using one). */
const SYNC_RETRIES = { attempts: 5, backoffMs: 1_000 } as const;

/** One dispatch cycle: claims the schedules whose poll is due and queues a poll for each. */
export const DispatchPollsJob = defineJob('sync.dispatch', z.object({}), SYNC_RETRIES);

/** Polls one schedule's executions from its backend since the schedule's cursor. */
export const PollScheduleJob = defineJob('sync.poll-schedule', z.object({ scheduleId: z.uuid(), teamId: z.uuid() }), SYNC_RETRIES);

/** Reads one unfinished baseline job's state from its backend. */
export const PollBaselineJob = defineJob('sync.poll-baseline', z.object({ baselineId: z.uuid(), teamId: z.uuid() }), SYNC_RETRIES);

export const SYNC_QUEUE = 'sync';
export const DISPATCH_SCHEDULER_ID = 'sync-dispatch';
