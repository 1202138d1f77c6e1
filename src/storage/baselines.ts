// The only place that touches Baseline rows.
import { readRows, type Db } from '../db/client.js';
import { Columns, newestPerParent, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import type { Tx } from '../db/client.js';
import { Prisma, type Baseline, type BaselineSource, type BaselineStatus } from '../generated/prisma/client.js';
import type { ProgressReport } from '../backends/progress.js';
import type { Page } from '../shared/pagination.js';

const BASELINE_COLUMNS = new Columns<Baseline>(Prisma.BaselineScalarFieldEnum, ['source', 'status']).sql;

const GET = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const LAST_VERSION = 'SELECT x."version" FROM "Baseline" x WHERE x."monitorId" = $1::uuid ORDER BY x."version" DESC LIMIT 1';
const UNFINISHED = `SELECT x."id", x."teamId" FROM "Baseline" x WHERE x."status" IN ('PENDING', 'IN_PROGRESS') ORDER BY x."createdAt" LIMIT $1::int`;
const BY_IDS = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;
const UNFINISHED_OF_MONITOR = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."monitorId" = $1::uuid AND x."status" IN ('PENDING', 'IN_PROGRESS') ORDER BY x."version"`;
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
  get: async (db: Db | Tx, teamId: string, id: string): Promise<Baseline | null> => (await readRows<Baseline>(db, GET, [teamId, id]))[0] ?? null,
  byIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Baseline>(db, BY_IDS, [teamId, ids]),
  nextVersion: async (tx: Tx, monitorId: string) => {
    const [last] = await readRows<Pick<Baseline, 'version'>>(tx, LAST_VERSION, [monitorId]);
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
    const [failed] = await db.baseline.updateManyAndReturn({ where: { id, status: { in: ['PENDING', 'IN_PROGRESS'] } }, data: { status: 'FAILED', failureReason, progress: Prisma.DbNull } });
    return failed ?? null;
  },
  /** Baselines whose backend job has not finished, across teams (for the sync loop). */
  /** A monitor's baselines whose job has not finished, oldest version first. */
  unfinishedOf: (db: Db | Tx, monitorId: string) => readRows<Baseline>(db, UNFINISHED_OF_MONITOR, [monitorId]),
  unfinished: (db: Db, limit: number) => readRows<Pick<Baseline, 'id' | 'teamId'>>(db, UNFINISHED, [limit]),
  /** A keyset page of a monitor's baselines, newest first: Baseline(teamId, monitorId, createdAt, id). */
  list: (db: Db, teamId: string, monitorId: string, page: Page): Promise<Baseline[]> => {
    const p = new SqlParams();
    const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`, `x."monitorId" = ${p.add(monitorId, '::uuid')}`];
    return readRows<Baseline>(db, `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
};
