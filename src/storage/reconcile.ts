// Reads of the reconcile job. Schedule rows are changed only through scheduleStorage;
// this module reads them in pages, with the columns scheduleStorage reads, and takes the
// row lock a repair holds.
import { readRows, readTuples, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { SqlParams } from '../db/sql.js';
import type { Monitor, Schedule } from '../generated/prisma/client.js';
import { MONITOR, monitorByIdSql } from './monitor-columns.js';
import { scheduleStorage } from './schedules.js';

export type ScheduleWithMonitor = Schedule & { monitor: Monitor };

const LOCK = 'SELECT x."updatedAt" FROM "Schedule" x WHERE x."id" = $1::uuid FOR UPDATE';

export const reconcileStorage = {
  /** A team's schedules by id, `take` at a time after `afterId`, each with its monitor (one primary-key probe per schedule). */
  schedulesPage: async (db: Db, teamId: string, afterId: string | null, take: number): Promise<ScheduleWithMonitor[]> => {
    const p = new SqlParams();
    const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`, ...(afterId ? [`x."id" > ${p.add(afterId, '::uuid')}`] : [])];
    const page = `SELECT ${scheduleStorage.columns.sql} FROM "Schedule" x WHERE ${where.join(' AND ')} ORDER BY x."id" LIMIT ${p.add(take, '::int')}`;
    // monitorByIdSql reads the team from $1, as the page does.
    const { columns, rows } = await readTuples(db, `SELECT s.*, ${MONITOR.embed('m', 'm.')} FROM (${page}) s
      JOIN LATERAL (${monitorByIdSql('s."monitorId"')}) m ON true ORDER BY s."id"`, p.values);
    if (rows.length === 0) return [];
    const scheduleOf = scheduleStorage.columns.reader(columns, '');
    const monitorOf = MONITOR.reader(columns, 'm.');
    return rows.map((row) => ({ ...(scheduleOf(row) as Schedule), monitor: monitorOf(row) as Monitor }));
  },
  /**
   * Teams (of `only`, when given) that have at least one schedule, by id, `take` at a time
   * after `afterId`: the distinct teamIds of Schedule(teamId, name), read in order.
   */
  teamsPage: async (db: Db, afterId: string | null, take: number, only?: readonly string[]): Promise<string[]> => {
    const p = new SqlParams();
    const where = [
      ...(afterId ? [`x."teamId" > ${p.add(afterId, '::uuid')}`] : []),
      ...(only ? [`x."teamId" = ANY(${p.add([...only], '::uuid[]')})`] : []),
    ];
    const sql = `SELECT DISTINCT x."teamId" FROM "Schedule" x ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY x."teamId" LIMIT ${p.add(take, '::int')}`;
    return (await readRows<Pick<Schedule, 'teamId'>>(db, sql, p.values)).map((r) => r.teamId);
  },
  /** Locks the row until the transaction ends (a concurrent change waits); null when it was deleted. */
  lock: async (tx: Tx, id: string): Promise<{ updatedAt: Date } | null> => (await readRows<{ updatedAt: Date }>(tx, LOCK, [id]))[0] ?? null,
};
