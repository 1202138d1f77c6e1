// The only place that touches MetricPoint rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';

export interface MetricPointRow {
  teamId: string;
  monitorId: string;
  executionId: string;
  feature: string;
  metric: string;
  value: number;
  threshold: number | null;
  time: Date;
}

export interface SeriesQuery {
  teamId: string;
  monitorId: string;
  feature: string;
  metric: string;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
  take: number;
}

export const metricStorage = {
  /** Rows already stored for (executionId, feature, metric) are left as they are. */
  add: (tx: Tx, rows: MetricPointRow[]) =>
    rows.length === 0 ? Promise.resolve({ count: 0 }) : tx.metricPoint.createMany({ data: rows, skipDuplicates: true }),

  /** Oldest first; reads the (teamId, monitorId, feature, metric, time) index. */
  series: (db: Db, q: SeriesQuery) =>
    db.metricPoint.findMany({
      where: {
        teamId: q.teamId, monitorId: q.monitorId, feature: q.feature, metric: q.metric,
        ...(q.from || q.to ? { time: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
      },
      orderBy: [{ time: 'asc' }, { id: 'asc' }],
      select: { time: true, value: true, threshold: true, executionId: true },
      take: q.take,
    }),

  /**
   * The distinct (feature, metric) pairs of a monitor, sorted, at most `limit`. A loose
   * index scan (one index probe per pair, a recursive CTE) instead of DISTINCT over every point.
   */
  names: (db: Db, teamId: string, monitorId: string, limit: number) =>
    db.$queryRaw<Array<{ feature: string; metric: string }>>(Prisma.sql`
      WITH RECURSIVE pairs AS (
        (SELECT p."feature", p."metric" FROM "MetricPoint" p
          WHERE p."teamId" = ${teamId}::uuid AND p."monitorId" = ${monitorId}::uuid
          ORDER BY p."feature", p."metric" LIMIT 1)
        UNION ALL
        SELECT n."feature", n."metric" FROM pairs
        CROSS JOIN LATERAL (
          SELECT p."feature", p."metric" FROM "MetricPoint" p
          WHERE p."teamId" = ${teamId}::uuid AND p."monitorId" = ${monitorId}::uuid
            AND (p."feature", p."metric") > (pairs."feature", pairs."metric")
          ORDER BY p."feature", p."metric" LIMIT 1
        ) n
      )
      SELECT "feature", "metric" FROM pairs LIMIT ${limit}`),
};
