// The only place that touches MetricPoint rows.
import { readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { rangeWhere, SqlParams } from '../db/sql.js';
import type { MetricPoint, Monitor } from '../generated/prisma/client.js';

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
  pairs: ReadonlyArray<{ feature: string; metric: string }>;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
  /** Most points read per pair. */
  take: number;
}

export interface StoredSeries {
  /** The monitor has a point of this (feature, metric), at any time. */
  known: boolean;
  /** The monitor has a point of this feature, any metric, at any time (asked only when the pair is unknown). */
  featureKnown: boolean;
  points: Array<Pick<MetricPoint, 'time' | 'value' | 'threshold' | 'executionId'>>;
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

/** The newest point of one (monitor, feature, metric) of a team, with its monitor's labels. */
export interface LatestPoint {
  monitorId: string;
  monitorName: string;
  monitorType: Monitor['type'];
  endpointName: string | null;
  feature: string;
  metric: string;
  value: number;
  threshold: number | null;
  time: Date;
}

const LATEST_COLUMNS = 'p."monitorId", p."feature", p."metric", p."value", p."threshold", p."time"';
const LATEST_ORDER = 'ORDER BY p."monitorId" DESC, p."feature" DESC, p."metric" DESC, p."time" DESC LIMIT 1';

/**
 * The newest point of every (monitor, feature, metric) of a team, at most `$2`: a loose index
 * scan backwards over (teamId, monitorId, feature, metric, time), whose every probe lands on
 * the newest point of the next pair down. One probe per pair, whatever the number of points
 * (a DISTINCT ON would read every point of the team).
 */
const LATEST = `
  WITH RECURSIVE latest AS (
    (SELECT ${LATEST_COLUMNS} FROM "MetricPoint" p WHERE p."teamId" = $1::uuid ${LATEST_ORDER})
    UNION ALL
    SELECT n.* FROM latest l
    CROSS JOIN LATERAL (
      SELECT ${LATEST_COLUMNS} FROM "MetricPoint" p
      WHERE p."teamId" = $1::uuid AND (p."monitorId", p."feature", p."metric") < (l."monitorId", l."feature", l."metric")
      ${LATEST_ORDER}
    ) n
  )
  SELECT l."monitorId", m."name" AS "monitorName", m."type" AS "monitorType", m."endpointName", l."feature", l."metric", l."value", l."threshold", l."time"
  FROM (SELECT * FROM latest LIMIT $2::int) l
  JOIN "Monitor" m ON m."id" = l."monitorId" AND m."teamId" = $1::uuid`;

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
      ON CONFLICT ("executionId", "feature", "metric", "time") DO NOTHING`;
    return { count };
  },

  /**
   * The points of several pairs, each oldest first, in one statement: per pair, probes of the
   * (teamId, monitorId, feature, metric, time) index for whether it was ever stored, and its
   * points in the range. Answers in the order of `pairs`.
   */
  series: async (db: Db, q: SeriesQuery): Promise<StoredSeries[]> => {
    const p = new SqlParams();
    const monitor = `x."teamId" = ${p.add(q.teamId, '::uuid')} AND x."monitorId" = ${p.add(q.monitorId, '::uuid')}`;
    const features = p.add(q.pairs.map((k) => k.feature), '::text[]');
    const metrics = p.add(q.pairs.map((k) => k.metric), '::text[]');
    const range = rangeWhere(p, 'time', q.from, q.to).map((c) => ` AND ${c}`).join('');
    const sql = `SELECT k."i"::int AS "i", e."known", e."known" OR EXISTS (SELECT 1 FROM "MetricPoint" x WHERE ${monitor} AND x."feature" = k."feature") AS "featureKnown",
        s."time", s."value", s."threshold", s."executionId"
      FROM unnest(${features}, ${metrics}) WITH ORDINALITY AS k("feature", "metric", "i")
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM "MetricPoint" x WHERE ${monitor} AND x."feature" = k."feature" AND x."metric" = k."metric") AS "known") e
      LEFT JOIN LATERAL (SELECT x."time", x."value", x."threshold", x."executionId", x."id" FROM "MetricPoint" x
        WHERE ${monitor} AND x."feature" = k."feature" AND x."metric" = k."metric"${range}
        ORDER BY x."time", x."id" LIMIT ${p.add(q.take, '::int')}) s ON true
      ORDER BY k."i", s."time", s."id"`;
    type Row = { i: number; known: boolean; featureKnown: boolean; time: Date | null; value: number; threshold: number | null; executionId: string };
    const rows = await readRows<Row>(db, sql, p.values);
    const out: StoredSeries[] = q.pairs.map(() => ({ known: false, featureKnown: false, points: [] }));
    for (const r of rows) {
      const s = out[r.i - 1]!;
      s.known = r.known;
      s.featureKnown = r.featureKnown;
      if (r.time !== null) s.points.push({ time: r.time, value: r.value, threshold: r.threshold, executionId: r.executionId });
    }
    return out;
  },

  /**
   * Creates the missing monthly partitions of MetricPoint from `from`'s month through `to`'s
   * (SQL function of migration 20261206120001_metric_point_partitions); the number created.
   */
  ensurePartitions: async (db: Db, from: Date, to: Date): Promise<number> =>
    (await readRows<{ n: number }>(db, 'SELECT "metric_point_partitions_ensure"($1::timestamptz, $2::timestamptz)::int AS "n"', [from, to]))[0]?.n ?? 0,

  /** The newest point of each (monitor, feature, metric) of the team, at most `limit`, in one statement (see LATEST). */
  latest: (db: Db, teamId: string, limit: number) => readRows<LatestPoint>(db, LATEST, [teamId, limit]),

  /** The distinct (feature, metric) pairs of a monitor, sorted, at most `limit` (see NAMES). */
  names: (db: Db, teamId: string, monitorId: string, limit: number) =>
    readRows<Pick<MetricPoint, 'feature' | 'metric'>>(db, NAMES, [teamId, monitorId, limit]),
};
