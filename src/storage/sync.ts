// The only place that touches SchedulePoll rows (the execution sync's plan and cursors).
// Read with Prisma; three writes need SQL Prisma has no single statement for.
import { readRows, type Db } from '../db/client.js';

/** Why a schedule's next poll is when it is (the SchedulePoll row's `reason`; see sync/plan.ts). */
export type PollReason = 'RUNNING' | 'DUE' | 'IDLE';

export interface ClaimedPoll {
  scheduleId: string;
  teamId: string;
  /** Until when this claim holds; the poll job's id includes it, so a claim is queued once. */
  leaseUntil: Date;
}

export interface PollRow {
  scheduleId: string;
  teamId: string;
  cursor: Date | null;
  failures: number;
}

const CLAIM_DUE = `
  UPDATE "SchedulePoll" p SET "nextPollAt" = now() + make_interval(secs => $1::float8), "updatedAt" = now()
  FROM (SELECT "scheduleId" FROM "SchedulePoll" WHERE "nextPollAt" <= now()
        ORDER BY "nextPollAt" LIMIT $2::int FOR UPDATE SKIP LOCKED) due
  WHERE p."scheduleId" = due."scheduleId"
  RETURNING p."scheduleId"::text AS "scheduleId", p."teamId"::text AS "teamId", p."nextPollAt" AS "leaseUntil"`;

export const syncStorage = {
  /**
   * Gives every schedule without a plan one that polls it at once. One anti-join over
   * primary keys per cycle; it also repairs a row lost to any accident.
   */
  addMissing: (db: Db): Promise<number> =>
    db.$executeRaw`
      INSERT INTO "SchedulePoll" ("scheduleId", "teamId", "nextPollAt", "reason", "updatedAt")
      SELECT s."id", s."teamId", now(), 'NEW', now() FROM "Schedule" s
      WHERE NOT EXISTS (SELECT 1 FROM "SchedulePoll" p WHERE p."scheduleId" = s."id")
      ON CONFLICT DO NOTHING`,

  /**
   * Claims up to `limit` schedules whose poll is due, oldest first, and pushes their next
   * poll `leaseMs` ahead: if the poll job is lost (worker killed), the schedule is claimed
   * again after the lease. SKIP LOCKED lets dispatchers in several workers run at once.
   * A write that returns what it changed, so it runs through readRows (see db/client.ts).
   */
  claimDue: (db: Db, limit: number, leaseMs: number): Promise<ClaimedPoll[]> => readRows<ClaimedPoll>(db, CLAIM_DUE, [leaseMs / 1000, limit]),

  get: (db: Db, scheduleId: string): Promise<PollRow | null> =>
    db.schedulePoll.findUnique({ where: { scheduleId }, select: { scheduleId: true, teamId: true, cursor: true, failures: true } }),

  /** After a successful poll: the cursor only moves forward. Updates nothing if the schedule is gone. */
  recordSuccess: (db: Db, scheduleId: string, p: { cursor: Date | null; nextPollAt: Date; reason: PollReason }) =>
    db.$executeRaw`
      UPDATE "SchedulePoll" SET "cursor" = GREATEST("cursor", ${p.cursor}::timestamptz),
        "nextPollAt" = ${p.nextPollAt}, "reason" = ${p.reason}, "failures" = 0, "lastError" = NULL,
        "lastPolledAt" = now(), "updatedAt" = now()
      WHERE "scheduleId" = ${scheduleId}::uuid`,

  /** After a failed poll: the reason is kept for operators; the next poll waits `nextPollAt`. Updates nothing if the schedule is gone. */
  recordFailure: (db: Db, scheduleId: string, p: { error: string; nextPollAt: Date }) =>
    db.schedulePoll.updateMany({
      where: { scheduleId },
      data: { failures: { increment: 1 }, lastError: p.error.slice(0, 2000), nextPollAt: p.nextPollAt, reason: 'RETRY', lastPolledAt: new Date() },
    }),
};
