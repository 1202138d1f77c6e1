// The only place that touches Baseline rows.
import { readRows, type Db } from '../db/client.js';
import { Columns, newestPerParent } from '../db/sql.js';
import type { Tx } from '../db/client.js';
import { Prisma, type Baseline, type BaselineSource, type BaselineStatus } from '../generated/prisma/client.js';
import type { ProgressReport } from '../backends/progress.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

const BASELINE_COLUMNS = new Columns<Baseline>(Prisma.BaselineScalarFieldEnum, ['source', 'status']).sql;

const BY_IDS = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;
const ACTIVE_BY_MONITORS = newestPerParent({
  table: 'Baseline', columns: BASELINE_COLUMNS, ids: '$1', parentColumn: 'monitorId', where: `x."status" = 'COMPLETED'`, orderBy: 'x."version" DESC',
});

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
  byIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Baseline>(db, BY_IDS, [teamId, ids]),
  nextVersion: async (tx: Tx, monitorId: string) => {
    const last = await tx.baseline.findFirst({ where: { monitorId }, orderBy: { version: 'desc' }, select: { version: true } });
    return (last?.version ?? 0) + 1;
  },
  /**
   * The newest COMPLETED version of each monitor, in one statement: one walk down
   * Baseline(monitorId, version) per monitor, stopping at the first COMPLETED row (Prisma's
   * `distinct` would read every completed version, statistics and constraints included,
   * and dedup in memory).
   */
  activeByMonitors: (db: Db | Tx, monitorIds: readonly string[]): Promise<Baseline[]> =>
    monitorIds.length === 0 ? Promise.resolve([]) : readRows<Baseline>(db, ACTIVE_BY_MONITORS, [monitorIds]),
  update: (
    db: Db | Tx,
    id: string,
    data: {
      status?: BaselineStatus; backendJobRef?: string | null; statistics?: Prisma.InputJsonValue; constraints?: Prisma.InputJsonValue; failureReason?: string | null;
      progress?: ProgressReport | null;
    },
  ) => {
    const { progress, ...rest } = data;
    return db.baseline.update({ where: { id }, data: progress === undefined ? rest : { ...rest, progress: progress ?? Prisma.DbNull } });
  },
  /** FAILED with `failureReason` if still unfinished; null when it had already finished (the change was made once). */
  fail: async (db: Db | Tx, id: string, failureReason: string): Promise<Baseline | null> => {
    const r = await db.baseline.updateMany({ where: { id, status: { in: ['PENDING', 'IN_PROGRESS'] } }, data: { status: 'FAILED', failureReason, progress: Prisma.DbNull } });
    return r.count === 1 ? db.baseline.findUniqueOrThrow({ where: { id } }) : null;
  },
  /** Baselines whose backend job has not finished, across teams (for the sync loop). */
  unfinished: (db: Db, limit: number) =>
    db.baseline.findMany({ where: { status: { in: ['PENDING', 'IN_PROGRESS'] } }, select: { id: true, teamId: true }, orderBy: { createdAt: 'asc' }, take: limit }),
  list: (db: Db, teamId: string, monitorId: string, page: Page) =>
    db.baseline.findMany({ where: { teamId, monitorId, ...afterCursorWhere('createdAt', page.after) }, orderBy: orderDesc('createdAt'), take: page.take }),
};
