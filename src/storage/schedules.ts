// The only place that touches Schedule rows.
import { readCount, readRows, type Db } from '../db/client.js';
import { Columns, countSql, newestPerParent, newestRow, pageOrder, pageWhere, SqlParams, type NewestRow } from '../db/sql.js';
import type { Tx } from '../db/client.js';
import { Prisma, type Schedule, type ScheduleStatus } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

export interface ScheduleFilter {
  monitorId?: string | null | undefined;
  status?: ScheduleStatus | null | undefined;
}

function listWhere(p: SqlParams, teamId: string, filter: ScheduleFilter): string[] {
  const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
  if (filter.monitorId) where.push(`x."monitorId" = ${p.add(filter.monitorId, '::uuid')}`);
  if (filter.status) where.push(`x."status" = ${p.add(filter.status, '::"ScheduleStatus"')}`);
  return where;
}

const SCHEDULE = new Columns<Schedule>(Prisma.ScheduleScalarFieldEnum, ['status']);
const SCHEDULE_COLUMNS = SCHEDULE.sql;

const GET = `SELECT ${SCHEDULE_COLUMNS} FROM "Schedule" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const BY_MONITOR = `SELECT ${SCHEDULE_COLUMNS} FROM "Schedule" x WHERE x."monitorId" = $1::uuid ORDER BY x."createdAt" DESC, x."id" DESC`;
const ACTIVE_BY_MONITORS = `SELECT ${SCHEDULE_COLUMNS} FROM "Schedule" x
  WHERE x."teamId" = $1::uuid AND x."monitorId" = ANY($2::uuid[]) AND x."status" IN ('PENDING', 'SCHEDULED') ORDER BY x."createdAt" DESC, x."id" DESC`;
const POLL_STATE = `SELECT x."expression", x."status"::text AS "status" FROM "Schedule" x WHERE x."id" = $1::uuid`;
const BY_IDS = `SELECT ${SCHEDULE_COLUMNS} FROM "Schedule" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;
/** A monitor's newest schedule, of the team in `$1`. */
const NEWEST_OF_MONITOR: NewestRow = {
  table: 'Schedule', columns: SCHEDULE_COLUMNS, parentColumn: 'monitorId', where: 'x."teamId" = $1::uuid', orderBy: 'x."createdAt" DESC, x."id" DESC',
};
const LATEST_BY_MONITORS = newestPerParent({ ...NEWEST_OF_MONITOR, ids: '$2' });

export const scheduleStorage = {
  create: (tx: Tx, data: { teamId: string; monitorId: string; name: string; backendName: string | null; expression: string; dataAnalysisStartTime: string | null; dataAnalysisEndTime: string | null; status: ScheduleStatus }) =>
    tx.schedule.create({ data }),
  get: async (db: Db | Tx, teamId: string, id: string): Promise<Schedule | null> => (await readRows<Schedule>(db, GET, [teamId, id]))[0] ?? null,
  byIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Schedule>(db, BY_IDS, [teamId, ids]),
  /** A monitor's schedules, newest first. */
  byMonitor: (db: Db | Tx, monitorId: string) => readRows<Schedule>(db, BY_MONITOR, [monitorId]),
  /**
   * The newest schedule of each monitor, in one statement: one probe of
   * Schedule(teamId, monitorId, createdAt, id) per monitor (Prisma's `distinct` would read
   * every schedule of every monitor and dedup in memory).
   */
  latestByMonitors: (db: Db, teamId: string, monitorIds: readonly string[]): Promise<Schedule[]> =>
    monitorIds.length === 0 ? Promise.resolve([]) : readRows<Schedule>(db, LATEST_BY_MONITORS, [teamId, monitorIds]),
  /** SQL for prefetching reads: the newest schedule of the monitor `monitorRef`, of the team in `$1`. */
  latestOfMonitorSql: (monitorRef: string) => newestRow(NEWEST_OF_MONITOR, monitorRef),
  /** Schedule columns, for reads that carry a schedule beside another row (see Columns). */
  columns: SCHEDULE,
  update: (tx: Tx, id: string, data: { expression?: string; dataAnalysisStartTime?: string | null; dataAnalysisEndTime?: string | null; status?: ScheduleStatus; backendRef?: string | null; backendName?: string | null }) =>
    tx.schedule.update({ where: { id }, data }),
  delete: (tx: Tx, id: string) => tx.schedule.delete({ where: { id } }),
  /** The schedules of the monitors `monitorIds` that still run, newest first (one statement for a page of monitors). */
  activeByMonitors: (db: Db, teamId: string, monitorIds: readonly string[]) => readRows<Schedule>(db, ACTIVE_BY_MONITORS, [teamId, monitorIds]),
  /**
   * A running one-time (NOW) schedule whose run has ended becomes COMPLETED; true when it did.
   * SageMaker keeps such a schedule Scheduled, so only the gateway's row records the end.
   */
  completeOneTime: async (db: Db, scheduleId: string): Promise<boolean> =>
    (await db.schedule.updateMany({
      where: { id: scheduleId, expression: 'NOW', status: 'SCHEDULED', executions: { some: { status: { in: ['COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED'] } } } },
      data: { status: 'COMPLETED' },
    })).count > 0,
  /** What the sync's planner needs of a schedule, by id alone (null: deleted). */
  pollState: async (db: Db, id: string): Promise<Pick<Schedule, 'expression' | 'status'> | null> =>
    (await readRows<Pick<Schedule, 'expression' | 'status'>>(db, POLL_STATE, [id]))[0] ?? null,
  /** A keyset page of the team's schedules, newest first. */
  list: (db: Db, teamId: string, filter: ScheduleFilter, page: Page): Promise<Schedule[]> => {
    const p = new SqlParams();
    const where = listWhere(p, teamId, filter);
    const sql = `SELECT ${SCHEDULE_COLUMNS} FROM "Schedule" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`;
    return readRows<Schedule>(db, sql, p.values);
  },
  /** The team's schedules that `filter` matches (list's WHERE without the page). */
  count: (db: Db, teamId: string, filter: ScheduleFilter): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Schedule"', listWhere(p, teamId, filter)), p.values);
  },
};
