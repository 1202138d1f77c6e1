// The only place that touches MetricPoint rows.
import { readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { rangeWhere, SqlParams } from '../db/sql.js';
import type { MetricPoint } from '../generated/prisma/client.js';

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

/**
 * The distinct (feature, metric) pairs of a monitor, sorted, at most `$3`. A loose index scan
 * (one index probe per pair, a recursive CTE) instead of DISTINCT over every point.
 */
const NAMES = `
  WITH RECURSIVE pairs AS (
    (SELECT p."feature", p."metric" FROM "MetricPoint" p
      WHERE p."teamId" = $1::uuid AND p."monitorId" = $2::uuid
      ORDER BY p."feature", p."metric" LIMIT 1)
    UNION ALL
    SELECT n."feature", n."metric" FROM pairs
    CROSS JOIN LATERAL (
      SELECT p."feature", p."metric" FROM "MetricPoint" p
      WHERE p."teamId" = $1::uuid AND p."monitorId" = $2::uuid
        AND (p."feature", p."metric") > (pairs."feature", pairs."metric")
      ORDER BY p."feature", p."metric" LIMIT 1
    ) n
  )
  SELECT "feature", "metric" FROM pairs LIMIT $3::int`;

export const metricStorage = {
  /**
   * Rows already stored for (executionId, feature, metric) are left as they are. One statement
   * over arrays, the numbers sent as text: a number parameter through Prisma (createMany, and
   * $executeRaw's too) is parsed again by its query compiler and may come out one ulp off
   * (see jsonText in db/sql.ts), and these are the reports' values.
   */
  add: async (tx: Tx, rows: MetricPointRow[]): Promise<{ count: number }> => {
    if (rows.length === 0) return { count: 0 };
    const col = <K extends keyof MetricPointRow>(k: K) => rows.map((r) => r[k]);
    const text = (v: number | null) => (v === null ? null : String(v));
    const count = await tx.$executeRaw`
      INSERT INTO "MetricPoint" ("teamId", "monitorId", "executionId", "feature", "metric", "value", "threshold", "time")
      SELECT * FROM unnest(${col('teamId')}::uuid[], ${col('monitorId')}::uuid[], ${col('executionId')}::uuid[], ${col('feature')}::text[],
        ${col('metric')}::text[], ${rows.map((r) => text(r.value))}::float8[], ${rows.map((r) => text(r.threshold))}::float8[], ${col('time')}::timestamptz[])
      ON CONFLICT ("executionId", "feature", "metric") DO NOTHING`;
    return { count };
  },

  /** Oldest first; reads the (teamId, monitorId, feature, metric, time) index. */
  series: (db: Db, q: SeriesQuery) => {
    const p = new SqlParams();
    const where = [
      `x."teamId" = ${p.add(q.teamId, '::uuid')}`, `x."monitorId" = ${p.add(q.monitorId, '::uuid')}`,
      `x."feature" = ${p.add(q.feature)}`, `x."metric" = ${p.add(q.metric)}`,
      ...rangeWhere(p, 'time', q.from, q.to),
    ];
    const sql = `SELECT x."time", x."value", x."threshold", x."executionId" FROM "MetricPoint" x
      WHERE ${where.join(' AND ')} ORDER BY x."time", x."id" LIMIT ${p.add(q.take, '::int')}`;
    return readRows<Pick<MetricPoint, 'time' | 'value' | 'threshold' | 'executionId'>>(db, sql, p.values);
  },

  /** The distinct (feature, metric) pairs of a monitor, sorted, at most `limit` (see NAMES). */
  names: (db: Db, teamId: string, monitorId: string, limit: number) =>
    readRows<Pick<MetricPoint, 'feature' | 'metric'>>(db, NAMES, [teamId, monitorId, limit]),
};
