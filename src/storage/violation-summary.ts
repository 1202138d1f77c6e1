// Violation counts per group for dashboards, in one statement. A coarse summary (keys and filters
// among check type, monitor type and time buckets) adds up the hourly rollup (ViolationHourly,
// kept exact in the transactions writing violations) for the whole hours of the range, and the
// violations themselves for the parts of an hour at either end; any other summary is one GROUP
// BY over the team's violations found in the range, read through Violation(teamId, createdAt,
// id), or (teamId, monitorId, createdAt, id) with a monitor filter. The monitor is joined only
// when a filter or a key needs its columns.
import { readRows, type Db } from '../db/client.js';
import { rangeWhere, SqlParams } from '../db/sql.js';
import type { MonitorType } from '../generated/prisma/client.js';
import { HOUR_MS } from '@mmg/engine';

export type SummaryKey = 'MONITOR' | 'FEATURE' | 'CHECK_TYPE' | 'MONITOR_TYPE' | 'HOUR' | 'DAY';

export interface SummaryQuery {
  teamId: string;
  from: Date;
  to: Date;
  keys: readonly SummaryKey[];
  monitorId?: string | null | undefined;
  endpointName?: string | null | undefined;
  monitorType?: MonitorType | null | undefined;
  checkType?: string | null | undefined;
  /** Most groups read (ask one more than allowed to know there are more). */
  take: number;
}

export interface SummaryRow {
  monitorId: string | null;
  featureName: string | null;
  checkType: string | null;
  monitorType: MonitorType | null;
  bucket: Date | null;
  count: number;
}

/** Each key's expression and the column it is read as; buckets are UTC hours and days of createdAt. */
const KEYS: Record<SummaryKey, { sql: string; as: keyof SummaryRow; monitor?: true }> = {
  MONITOR: { sql: 'x."monitorId"', as: 'monitorId' },
  FEATURE: { sql: 'x."featureName"', as: 'featureName' },
  CHECK_TYPE: { sql: 'x."checkType"', as: 'checkType' },
  MONITOR_TYPE: { sql: 'm."type"::text', as: 'monitorType', monitor: true },
  HOUR: { sql: `date_trunc('hour', x."createdAt", 'UTC')`, as: 'bucket' },
  DAY: { sql: `date_trunc('day', x."createdAt", 'UTC')`, as: 'bucket' },
};
const COLUMNS: ReadonlyArray<keyof SummaryRow> = ['monitorId', 'featureName', 'checkType', 'monitorType', 'bucket'];

/** Keys a rollup row has (its hour is finer than either time bucket). */
const ROLLUP_KEYS: ReadonlySet<SummaryKey> = new Set(['CHECK_TYPE', 'MONITOR_TYPE', 'HOUR', 'DAY']);

/** Whether the rollup can answer `q`: every key and filter is one of its columns or a bucket of its hour. */
const readsRollup = (q: SummaryQuery): boolean => !q.monitorId && !q.endpointName && q.keys.every((k) => ROLLUP_KEYS.has(k));

/**
 * The whole hours inside [from, to) as [start, end): the rollup counts those, the violations
 * the rest ([from, start) and [end, to)). No whole hour: empty at `to`, so the violations count all.
 */
export function wholeHours(from: Date, to: Date): { start: Date; end: Date } {
  const start = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const end = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  return start < end ? { start: new Date(start), end: new Date(end) } : { start: to, end: to };
}

/** The grouped SELECT, GROUP BY and ORDER BY of `keys` over rows aliased `alias` (`count` the count expression). */
function grouping(keys: readonly SummaryKey[], keySql: (k: SummaryKey) => string, count: string) {
  const grouped = new Map(keys.map((k) => [KEYS[k].as, keySql(k)]));
  const select = COLUMNS.map((c) => `${grouped.get(c) ?? 'NULL'} AS "${c}"`).join(', ');
  const order = [...(grouped.has('bucket') ? [`"bucket"`] : []), `${count} DESC`, ...[...grouped.keys()].filter((c) => c !== 'bucket').map((c) => `"${c}"`)];
  return { select: `${select}, ${count}::int AS "count"`, groupBy: [...grouped.values()].join(', '), orderBy: order.join(', ') };
}

/** The raw statement: every violation of the range. */
function rawSql(p: SqlParams, q: SummaryQuery): string {
  const where = [
    `x."teamId" = ${p.add(q.teamId, '::uuid')}`,
    ...(q.monitorId ? [`x."monitorId" = ${p.add(q.monitorId, '::uuid')}`] : []),
    ...(q.checkType ? [`x."checkType" = ${p.add(q.checkType)}`] : []),
    ...(q.endpointName ? [`m."endpointName" = ${p.add(q.endpointName)}`] : []),
    ...(q.monitorType ? [`m."type"::text = ${p.add(q.monitorType)}`] : []),
    ...rangeWhere(p, 'createdAt', q.from, q.to),
  ];
  const joinMonitor = Boolean(q.endpointName || q.monitorType) || q.keys.some((k) => KEYS[k].monitor);
  const g = grouping(q.keys, (k) => KEYS[k].sql, 'count(*)');
  return `SELECT ${g.select} FROM "Violation" x
      ${joinMonitor ? 'JOIN "Monitor" m ON m."id" = x."monitorId" AND m."teamId" = x."teamId"' : ''}
      WHERE ${where.join(' AND ')} GROUP BY ${g.groupBy} ORDER BY ${g.orderBy} LIMIT ${p.add(q.take, '::int')}`;
}

/** Each rollup-path key over the union's columns (u."time": a rollup row's hour or a violation's createdAt). */
const UNION_KEYS: Partial<Record<SummaryKey, string>> = {
  CHECK_TYPE: 'u."checkType"',
  MONITOR_TYPE: 'u."monitorType"',
  HOUR: `date_trunc('hour', u."time", 'UTC')`,
  DAY: `date_trunc('day', u."time", 'UTC')`,
};

/** The rollup statement: the rollup's whole hours, UNION ALL the violations of the partial hours at both ends. */
function rollupSql(p: SqlParams, q: SummaryQuery): string {
  const { start, end } = wholeHours(q.from, q.to);
  const team = p.add(q.teamId, '::uuid');
  const checkType = q.checkType ? p.add(q.checkType) : null;
  const monitorType = q.monitorType ? p.add(q.monitorType) : null;
  const time = (d: Date) => p.add(d, '::timestamptz');
  const [from, to, s, e] = [time(q.from), time(q.to), time(start), time(end)];
  const joinMonitor = Boolean(monitorType) || q.keys.includes('MONITOR_TYPE');
  const raw = (lo: string, hi: string) => `SELECT x."checkType", ${joinMonitor ? 'm."type"::text' : 'NULL::text'} AS "monitorType", x."createdAt" AS "time", 1 AS "n"
      FROM "Violation" x ${joinMonitor ? 'JOIN "Monitor" m ON m."id" = x."monitorId" AND m."teamId" = x."teamId"' : ''}
      WHERE x."teamId" = ${team} AND x."createdAt" >= ${lo} AND x."createdAt" < ${hi}
      ${checkType ? `AND x."checkType" = ${checkType}` : ''} ${monitorType ? `AND m."type"::text = ${monitorType}` : ''}`;
  const g = grouping(q.keys, (k) => UNION_KEYS[k] ?? KEYS[k].sql, 'sum(u."n")');
  return `SELECT ${g.select} FROM (
      SELECT r."checkType", r."monitorType"::text AS "monitorType", r."hour" AS "time", r."count" AS "n" FROM "ViolationHourly" r
      WHERE r."teamId" = ${team} AND r."hour" >= ${s} AND r."hour" < ${e} AND r."count" > 0
      ${checkType ? `AND r."checkType" = ${checkType}` : ''} ${monitorType ? `AND r."monitorType"::text = ${monitorType}` : ''}
      UNION ALL ${raw(from, s)}
      UNION ALL ${raw(e, to)}
    ) u GROUP BY ${g.groupBy} ORDER BY ${g.orderBy} LIMIT ${p.add(q.take, '::int')}`;
}

export const violationSummaryStorage = {
  /** Groups sorted by bucket, then count (largest first), then the other keys; at most `take`. */
  groups: (db: Db, q: SummaryQuery): Promise<SummaryRow[]> => {
    const p = new SqlParams();
    return readRows<SummaryRow>(db, readsRollup(q) ? rollupSql(p, q) : rawSql(p, q), p.values);
  },
  /** The same groups counted from every violation of the range (what the rollup must equal). */
  rawGroups: (db: Db, q: SummaryQuery): Promise<SummaryRow[]> => {
    const p = new SqlParams();
    return readRows<SummaryRow>(db, rawSql(p, q), p.values);
  },
};
