// The only place that touches Baseline rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import type { BaselineSource, BaselineStatus, Prisma } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

export const baselineStorage = {
  create: (
    tx: Tx,
    data: {
      teamId: string; monitorId: string; version: number; source: BaselineSource; status: BaselineStatus;
      datasetUri: string; datasetFormat: Prisma.InputJsonValue; parentId?: string | null;
      statistics?: Prisma.InputJsonValue; constraints?: Prisma.InputJsonValue; backendJobRef?: string | null;
    },
  ) => tx.baseline.create({ data }),
  get: (db: Db | Tx, teamId: string, id: string) => db.baseline.findFirst({ where: { id, teamId } }),
  byIds: (db: Db, teamId: string, ids: readonly string[]) => db.baseline.findMany({ where: { teamId, id: { in: [...ids] } } }),
  nextVersion: async (tx: Tx, monitorId: string) => {
    const last = await tx.baseline.findFirst({ where: { monitorId }, orderBy: { version: 'desc' }, select: { version: true } });
    return (last?.version ?? 0) + 1;
  },
  /** The newest COMPLETED version of each monitor, in one statement. */
  activeByMonitors: (db: Db | Tx, monitorIds: readonly string[]) =>
    db.baseline.findMany({ where: { monitorId: { in: [...monitorIds] }, status: 'COMPLETED' }, orderBy: { version: 'desc' }, distinct: ['monitorId'] }),
  update: (
    db: Db | Tx,
    id: string,
    data: { status?: BaselineStatus; backendJobRef?: string | null; statistics?: Prisma.InputJsonValue; constraints?: Prisma.InputJsonValue; failureReason?: string | null },
  ) => db.baseline.update({ where: { id }, data }),
  list: (db: Db, teamId: string, monitorId: string, page: Page) =>
    db.baseline.findMany({ where: { teamId, monitorId, ...afterCursorWhere('createdAt', page.after) }, orderBy: orderDesc('createdAt'), take: page.take }),
};
