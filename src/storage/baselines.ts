// The only place that touches Baseline rows.
import { readCount, readRows, type Db } from '../db/client.js';
import { Columns, countSql, jsonText, newestPerParent, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import type { Tx } from '../db/client.js';
import { Prisma, type Baseline, type BaselineSource, type BaselineStatus } from '../generated/prisma/client.js';
import type { ProgressReport } from '../backends/progress.js';
import type { Page } from '../shared/pagination.js';

const BASELINE_COLUMNS = new Columns<Baseline>(Prisma.BaselineScalarFieldEnum, ['source', 'status']).sql;

const GET = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const LAST_VERSION = 'SELECT x."version" FROM "Baseline" x WHERE x."monitorId" = $1::uuid ORDER BY x."version" DESC LIMIT 1';
/** Writes the documents given (as JSON text, see jsonText) and returns the whole row. */
const SET_DOCUMENTS = `UPDATE "Baseline" x SET
  "statistics" = CASE WHEN $2::boolean THEN $3::jsonb ELSE x."statistics" END,
  "constraints" = CASE WHEN $4::boolean THEN $5::jsonb ELSE x."constraints" END, "updatedAt" = now()
  WHERE x."id" = $1::uuid RETURNING ${BASELINE_COLUMNS}`;
const UNFINISHED = `SELECT x."id", x."teamId" FROM "Baseline" x WHERE x."status" IN ('PENDING', 'IN_PROGRESS') ORDER BY x."createdAt" LIMIT $1::int`;
const BY_IDS = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;
const UNFINISHED_OF_MONITOR = `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE x."monitorId" = $1::uuid AND x."status" IN ('PENDING', 'IN_PROGRESS') ORDER BY x."version"`;
const ACTIVE_BY_MONITORS = newestPerParent({
  table: 'Baseline', columns: BASELINE_COLUMNS, ids: '$1', parentColumn: 'monitorId', where: `x."status" = 'COMPLETED'`, orderBy: 'x."version" DESC',
});

const ofMonitor = (p: SqlParams, teamId: string, monitorId: string) => [`x."teamId" = ${p.add(teamId, '::uuid')}`, `x."monitorId" = ${p.add(monitorId, '::uuid')}`];

/** statistics.json and constraints.json of a baseline: null clears one, undefined leaves it. */
interface Documents {
  statistics?: unknown;
  constraints?: unknown;
}

/**
 * The documents go in by SQL as JSON text: through Prisma, a Json value's numbers are
 * parsed again by its query compiler, which rounds some of them one ulp off (SageMaker's
 * 0.33364933609800973 became 0.3336493360980097, so an mse equal to its threshold was a
 * violation). In a transaction, as the managers write them, no one sees the row without them.
 */
async function withDocuments(db: Db | Tx, row: Baseline, docs: Documents): Promise<Baseline> {
  if (docs.statistics === undefined && docs.constraints === undefined) return row;
  const [written] = await readRows<Baseline>(db, SET_DOCUMENTS, [
    row.id, docs.statistics !== undefined, jsonText(docs.statistics), docs.constraints !== undefined, jsonText(docs.constraints),
  ]);
  return written!;
}

export const baselineStorage = {
  create: async (
    tx: Tx,
    data: {
      teamId: string; monitorId: string; version: number; source: BaselineSource; status: BaselineStatus;
      datasetUri: string; datasetFormat: Prisma.InputJsonValue; parentId?: string | null; backendJobRef?: string | null;
    } & Documents,
  ): Promise<Baseline> => {
    const { statistics, constraints, ...rest } = data;
    return withDocuments(tx, await tx.baseline.create({ data: rest }), { statistics, constraints });
  },
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
  update: async (
    db: Db | Tx,
    id: string,
    data: {
      status?: BaselineStatus; backendJobRef?: string | null; failureReason?: string | null; progress?: ProgressReport | null;
    } & Documents,
  ): Promise<Baseline> => {
    const { progress, statistics, constraints, ...rest } = data;
    const row = await db.baseline.update({ where: { id }, data: progress === undefined ? rest : { ...rest, progress: progress ?? Prisma.DbNull } });
    return withDocuments(db, row, { statistics, constraints });
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
    const where = ofMonitor(p, teamId, monitorId);
    return readRows<Baseline>(db, `SELECT ${BASELINE_COLUMNS} FROM "Baseline" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  /** The number of a monitor's baselines. */
  count: (db: Db, teamId: string, monitorId: string): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Baseline"', ofMonitor(p, teamId, monitorId)), p.values);
  },
};
