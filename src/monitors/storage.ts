// The only place that touches Monitor rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import type { Backend, MonitorType, Prisma } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

export interface MonitorFilter {
  type?: MonitorType | null | undefined;
  endpointName?: string | null | undefined;
  backend?: Backend | null | undefined;
}

export const monitorStorage = {
  create: (tx: Tx, data: { teamId: string; name: string; type: MonitorType; backend: Backend; endpointName: string | null; config: Prisma.InputJsonValue }) =>
    tx.monitor.create({ data }),
  get: (db: Db | Tx, teamId: string, id: string) => db.monitor.findFirst({ where: { id, teamId } }),
  byIds: (db: Db, teamId: string, ids: readonly string[]) => db.monitor.findMany({ where: { teamId, id: { in: [...ids] } } }),
  update: (tx: Tx, id: string, data: { endpointName: string | null; config: Prisma.InputJsonValue }) => tx.monitor.update({ where: { id }, data }),
  delete: (tx: Tx, id: string) => tx.monitor.delete({ where: { id } }),
  list: (db: Db, teamId: string, filter: MonitorFilter, page: Page) =>
    db.monitor.findMany({
      where: {
        teamId,
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.endpointName ? { endpointName: filter.endpointName } : {}),
        ...(filter.backend ? { backend: filter.backend } : {}),
        ...afterCursorWhere('createdAt', page.after),
      },
      orderBy: orderDesc('createdAt'),
      take: page.take,
    }),
};
