// The only place that touches Monitor rows.
import { readRows, type Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import { pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import type { Backend, Monitor, MonitorType, Prisma } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

export interface MonitorFilter {
  type?: MonitorType | null | undefined;
  endpointName?: string | null | undefined;
  backend?: Backend | null | undefined;
}

/** Every Monitor column, typed as Prisma returns them (enums as text). */
const MONITOR_COLUMNS =
  'x."id", x."teamId", x."name", x."type"::text AS "type", x."backend"::text AS "backend", x."endpointName", x."config", x."createdAt", x."updatedAt"';

const GET = `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE x."id" = $1::uuid AND x."teamId" = $2::uuid`;
const BY_IDS = `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;

export const monitorStorage = {
  create: (tx: Tx, data: { teamId: string; name: string; type: MonitorType; backend: Backend; endpointName: string | null; config: Prisma.InputJsonValue }) =>
    tx.monitor.create({ data }),
  get: async (db: Db | Tx, teamId: string, id: string): Promise<Monitor | null> => (await readRows<Monitor>(db, GET, [id, teamId]))[0] ?? null,
  byIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Monitor>(db, BY_IDS, [teamId, ids]),
  update: (tx: Tx, id: string, data: { endpointName: string | null; config: Prisma.InputJsonValue }) => tx.monitor.update({ where: { id }, data }),
  delete: (tx: Tx, id: string) => tx.monitor.delete({ where: { id } }),
  /** A keyset page of the team's monitors, newest first: Monitor(teamId, createdAt, id), or (teamId, type, createdAt, id). */
  list: (db: Db, teamId: string, filter: MonitorFilter, page: Page): Promise<Monitor[]> => {
    const p = new SqlParams();
    const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
    if (filter.type) where.push(`x."type" = ${p.add(filter.type, '::"MonitorType"')}`);
    if (filter.endpointName) where.push(`x."endpointName" = ${p.add(filter.endpointName)}`);
    if (filter.backend) where.push(`x."backend" = ${p.add(filter.backend, '::"Backend"')}`);
    const sql = `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`;
    return readRows<Monitor>(db, sql, p.values);
  },
};
