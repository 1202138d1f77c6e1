// The only place that touches Schedule rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import type { ScheduleStatus } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

export interface ScheduleFilter {
  monitorId?: string | null | undefined;
  status?: ScheduleStatus | null | undefined;
}

export const scheduleStorage = {
  create: (tx: Tx, data: { teamId: string; monitorId: string; name: string; expression: string; dataAnalysisStartTime: string | null; dataAnalysisEndTime: string | null; status: ScheduleStatus }) =>
    tx.schedule.create({ data }),
  get: (db: Db | Tx, teamId: string, id: string) => db.schedule.findFirst({ where: { id, teamId } }),
  byIds: (db: Db, teamId: string, ids: readonly string[]) => db.schedule.findMany({ where: { teamId, id: { in: [...ids] } } }),
  byMonitor: (db: Db | Tx, monitorId: string) => db.schedule.findMany({ where: { monitorId }, orderBy: orderDesc('createdAt') }),
  /** The newest schedule of each monitor, in one statement. */
  latestByMonitors: (db: Db, teamId: string, monitorIds: readonly string[]) =>
    db.schedule.findMany({ where: { teamId, monitorId: { in: [...monitorIds] } }, orderBy: orderDesc('createdAt'), distinct: ['monitorId'] }),
  update: (tx: Tx, id: string, data: { expression?: string; dataAnalysisStartTime?: string | null; dataAnalysisEndTime?: string | null; status?: ScheduleStatus; backendRef?: string | null }) =>
    tx.schedule.update({ where: { id }, data }),
  delete: (tx: Tx, id: string) => tx.schedule.delete({ where: { id } }),
  list: (db: Db, teamId: string, filter: ScheduleFilter, page: Page) =>
    db.schedule.findMany({
      where: {
        teamId,
        ...(filter.monitorId ? { monitorId: filter.monitorId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...afterCursorWhere('createdAt', page.after),
      },
      orderBy: orderDesc('createdAt'),
      take: page.take,
    }),
};
