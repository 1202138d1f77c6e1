// The one BullMQ Job Scheduler that drives the execution sync. Every worker process
// makes sure it exists, so concurrent upserts at a deploy are a known pitfall
// (taskforcesh/bullmq#2988, #3381: schedulers duplicated or dropped when several
// processes upsert at once). Here an upsert happens only when the scheduler is missing
// or different, under a short Redis lock, and each worker re-checks every minute, so
// a scheduler lost to any accident comes back. A duplicate dispatch job would do no
// harm anyway: claims use SKIP LOCKED and poll job ids are unique per claim.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JobQueue } from '../jobs/queue.js';
import { DISPATCH_SCHEDULER_ID, DispatchPollsJob } from './jobs.js';

/** A seconds-resolution cron pattern firing about every `intervalMs` (BullMQ accepts 6 fields). */
export function dispatchPattern(intervalMs: number): string {
  const seconds = Math.max(1, Math.round(intervalMs / 1000));
  if (seconds < 60) return `*/${seconds} * * * * *`;
  return `0 */${Math.min(59, Math.max(1, Math.round(seconds / 60)))} * * * *`;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Creates or corrects the dispatch scheduler; returns what it did. Safe to call from many processes at once. */
export async function ensureDispatchScheduler(
  queue: JobQueue, redis: Redis, prefix: string, intervalMs: number,
): Promise<'unchanged' | 'upserted' | 'busy'> {
  const pattern = dispatchPattern(intervalMs);
  if ((await queue.getScheduler(DISPATCH_SCHEDULER_ID))?.pattern === pattern) return 'unchanged';
  const key = `${prefix}:lock:${DISPATCH_SCHEDULER_ID}`;
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', 15_000, 'NX')) !== 'OK') return 'busy'; // another process is at it
  try {
    if ((await queue.getScheduler(DISPATCH_SCHEDULER_ID))?.pattern === pattern) return 'unchanged';
    await queue.upsertScheduler(DISPATCH_SCHEDULER_ID, pattern, DispatchPollsJob, {});
    return 'upserted';
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
