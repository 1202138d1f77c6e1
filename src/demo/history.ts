// The demo's history: each hourly schedule's past runs, one per hour over DEMO_HISTORY_HOURS,
// so trend charts (metricSeries) start with a line. They are real runs of the built-in engine
// (queued like its scheduler queues them, each analysing the hour of generated traffic before
// its scheduled time), stored by the execution sync as every run is: executions, violations,
// metric points and their events. Only the last two hours are drifted, so the line is flat
// until the drift and violations come with it.
import type { Schedule } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import { HOUR_MS } from '@mmg/engine';

const FINAL = ['COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED'] as const;

/** Queues one run of a built-in schedule (by its backendRef) at a past scheduled time. */
export type QueueRun = (scheduleRef: string, scheduledTime: Date) => Promise<void>;

/** The scheduled times of `hours` hourly runs up to `now`'s hour, oldest first (none for 0). */
export function historyTimes(now: Date, hours: number): Date[] {
  const last = Math.floor(now.getTime() / HOUR_MS);
  return Array.from({ length: hours }, (_, i) => new Date((last - hours + 1 + i) * HOUR_MS));
}

export interface HistoryOptions {
  times: readonly Date[];
  queueRun: QueueRun;
  /** How long to sync before leaving the rest to the poller. */
  timeoutMs: number;
  log: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Queues the past runs of `schedules` and syncs them until each has ended (or the time is
 * up: the poller stores the rest). Returns how many ended and were stored.
 */
export async function backfillHistory(services: Services, teamId: string, schedules: readonly Schedule[], o: HistoryOptions): Promise<number> {
  const armed = schedules.filter((s) => s.backendRef !== null);
  for (const s of armed) for (const t of o.times) await o.queueRun(s.backendRef as string, t);
  o.log.info({ schedules: armed.length, runs: armed.length * o.times.length }, 'demo: past hourly runs queued');
  const expected = o.times.length;
  const from = o.times[0];
  const end = Date.now() + o.timeoutMs;
  let pending = [...armed];
  while (pending.length > 0 && Date.now() < end) {
    await sleep(1_000);
    const left: Schedule[] = [];
    for (const s of pending) {
      try {
        // The poller may store a run first: what counts is what is stored, not what this call wrote.
        await services.executions.syncSchedule(teamId, s.id);
        if ((await endedRuns(services, teamId, s.id, from, expected)) < expected) left.push(s);
      } catch (err) {
        o.log.warn({ err, scheduleId: s.id }, 'demo: syncing past runs failed; trying again');
        left.push(s);
      }
    }
    pending = left;
  }
  let ended = 0;
  for (const s of armed) ended += await endedRuns(services, teamId, s.id, from, expected);
  return ended;
}

/** The schedule's stored runs scheduled from `from` on that have ended (counted up to `atMost`). */
async function endedRuns(services: Services, teamId: string, scheduleId: string, from: Date | undefined, atMost: number): Promise<number> {
  let count = 0;
  let after: string | null = null;
  do {
    const page = await services.executions.list(teamId, { scheduleId, from: from ?? null, status: FINAL }, { first: 100, after });
    count += page.edges.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && count < atMost);
  return count;
}