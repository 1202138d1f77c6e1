// Reads of the reconcile job. Schedule rows are changed only through scheduleStorage;
// this module reads them in pages and takes the row lock a repair holds.
import { readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import type { Monitor, Schedule } from '../generated/prisma/client.js';

export type ScheduleWithMonitor = Schedule & { monitor: Monitor };

const LOCK = 'SELECT x."updatedAt" FROM "Schedule" x WHERE x."id" = $1::uuid FOR UPDATE';

export const reconcileStorage = {
  /** A team's schedules by id, `take` at a time after `afterId`. */
  schedulesPage: (db: Db, teamId: string, afterId: string | null, take: number): Promise<ScheduleWithMonitor[]> =>
    db.schedule.findMany({
      where: { teamId, ...(afterId ? { id: { gt: afterId } } : {}) },
      include: { monitor: true },
      orderBy: { id: 'asc' },
      take,
    }),
  /** Teams (of `only`, when given) that have at least one schedule, by id, `take` at a time after `afterId`. */
  teamsPage: async (db: Db, afterId: string | null, take: number, only?: readonly string[]): Promise<string[]> =>
    (await db.team.findMany({
      where: { schedules: { some: {} }, id: { ...(afterId ? { gt: afterId } : {}), ...(only ? { in: [...only] } : {}) } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take,
    })).map((t) => t.id),
  /** Locks the row until the transaction ends (a concurrent change waits); null when it was deleted. */
  lock: async (tx: Tx, id: string): Promise<{ updatedAt: Date } | null> => (await readRows<{ updatedAt: Date }>(tx, LOCK, [id]))[0] ?? null,
};
