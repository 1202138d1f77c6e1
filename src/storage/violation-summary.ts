// Violation counts per group for dashboards: one GROUP BY over the team's violations found in a
// time range, read through Violation(teamId, createdAt, id), or (teamId, monitorId, createdAt, id)
// with a monitor filter. The monitor is joined only when a filter or a key needs its columns.
import { readRows, type Db } from '../db/client.js';
import { rangeWhere, SqlParams } from '../db/sql.js';
import type { MonitorType } from '../generated/prisma/client.js';

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

export const violationSummaryStorage = {
  /** Groups sorted by bucket, then count (largest first), then the other keys; at most `take`. */
  groups: (db: Db, q: SummaryQuery): Promise<SummaryRow[]> => {
    const p = new SqlParams();
    const where = [
      `x."teamId" = ${p.add(q.teamId, '::uuid')}`,
      ...(q.monitorId ? [`x."monitorId" = ${p.add(q.monitorId, '::uuid')}`] : []),
      ...(q.checkType ? [`x."checkType" = ${p.add(q.checkType)}`] : []),
      ...(q.endpointName ? [`m."endpointName" = ${p.add(q.endpointName)}`] : []),
      ...(q.monitorType ? [`m."type"::text = ${p.add(q.monitorType)}`] : []),
      ...rangeWhere(p, 'createdAt', q.from, q.to),
    ];
    const joinMonitor = Boolean(q.endpointName || q.monitorType) || q.keys.some((k) => KEYS[k].monitor);
    const grouped = new Map(q.keys.map((k) => [KEYS[k].as, KEYS[k].sql]));
    const select = COLUMNS.map((c) => `${grouped.get(c) ?? 'NULL'} AS "${c}"`).join(', ');
    const keys = [...grouped.values()];
    const order = [...(grouped.has('bucket') ? [`"bucket"`] : []), 'count(*) DESC', ...[...grouped.keys()].filter((c) => c !== 'bucket').map((c) => `"${c}"`)];
    const sql = `SELECT ${select}, count(*)::int AS "count" FROM "Violation" x
      ${joinMonitor ? 'JOIN "Monitor" m ON m."id" = x."monitorId" AND m."teamId" = x."teamId"' : ''}
      WHERE ${where.join(' AND ')} GROUP BY ${keys.join(', ')} ORDER BY ${order.join(', ')} LIMIT ${p.add(q.take, '::int')}`;
    return readRows<SummaryRow>(db, sql, p.values);
  },
};
