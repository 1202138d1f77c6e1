// The only place that touches Monitor rows.
import { readCount, readRows, readTuples, type Db, type Tuples } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { countSql, pageOrder, pageWhere, SqlParams, type Columns, type JsonObject } from '../db/sql.js';
import { MONITOR, MONITOR_COLUMNS, monitorByIdSql } from './monitor-columns.js';
import type { Backend, Execution, Monitor, MonitorHealthStatus, MonitorType, Prisma, Schedule } from '../generated/prisma/client.js';
import type { HealthState } from '../kernel/rules/health.js';
import type { Page } from '../shared/pagination.js';
import type { Prefetch, Related } from '../db/related.js';
import { scheduleStorage } from './schedules.js';
import { executionStorage } from './executions.js';
import { violationHourlyStorage } from './violation-hourly.js';

export interface MonitorFilter {
  type?: MonitorType | null | undefined;
  endpointName?: string | null | undefined;
  backend?: Backend | null | undefined;
  /** Any of these health statuses: Monitor(teamId, healthStatus, createdAt, id). */
  health?: readonly MonitorHealthStatus[] | null | undefined;
}

function listWhere(p: SqlParams, teamId: string, filter: MonitorFilter): string[] {
  const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
  if (filter.type) where.push(`x."type" = ${p.add(filter.type, '::"MonitorType"')}`);
  if (filter.endpointName) where.push(`x."endpointName" = ${p.add(filter.endpointName)}`);
  if (filter.backend) where.push(`x."backend" = ${p.add(filter.backend, '::"Backend"')}`);
  // One status as an equality, so that the index gives the page in order (an = ANY over it would not, before PostgreSQL 17).
  if (filter.health?.length === 1) where.push(`x."healthStatus" = ${p.add(filter.health[0], '::"MonitorHealthStatus"')}`);
  else if (filter.health != null && filter.health.length > 1) where.push(`x."healthStatus" = ANY(${p.add([...filter.health], '::"MonitorHealthStatus"[]')})`);
  return where;
}

/** The monitor's health, its row locked until the transaction ends (one writer of it at a time; FOR NO KEY UPDATE, so inserts of its executions and violations go on). */
const HEALTH_FOR_UPDATE = `SELECT x."healthStatus"::text AS "status", x."healthSince" AS "since", x."healthExecutionId" AS "executionId", x."healthScheduledTime" AS "scheduledTime"
  FROM "Monitor" x WHERE x."id" = $1::uuid FOR NO KEY UPDATE`;

const GET = monitorByIdSql('$2::uuid');
const BY_IDS = `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;

/**
 * How much of each monitor's latest activity a read brings in the same statement: its
 * newest schedule, that schedule's last execution too, or that execution's violations too.
 */
export type LatestDepth = 'schedule' | 'lastExecution' | 'violations';

/** The schedule and execution columns a withLatest read brings. */
interface LatestColumns {
  schedule: Columns<Schedule>;
  execution: Columns<Execution>;
}

function latestColumns(prefetch: Prefetch<LatestDepth | null>): LatestColumns {
  return {
    schedule: scheduleStorage.columns.only(prefetch.columns?.schedule ?? null),
    execution: executionStorage.columns.only(prefetch.columns?.execution ?? null),
  };
}

/**
 * `pageSql` (monitors with the alias `x`, the team in `$1`) with each monitor's latest
 * activity as prefixed columns (`s.`, `e.`) and a JSON column of violations: one LATERAL
 * index probe per level and monitor, in order. PostgreSQL computes only the columns
 * the outer select names.
 */
function withLatest(pageSql: string, depth: LatestDepth, cols: LatestColumns): string {
  const execution = depth !== 'schedule';
  const columns = [
    cols.schedule.embed('s', 's.'),
    ...(execution ? [cols.execution.embed('e', 'e.')] : []),
    ...(depth === 'violations' ? [`(${executionStorage.violationsJsonSql('e."id"')}) AS "violations"`] : []),
  ];
  return `SELECT m.*, l.* FROM (${pageSql}) m
  LEFT JOIN LATERAL (
    SELECT ${columns.join(', ')} FROM (${scheduleStorage.latestOfMonitorSql('m."id"')}) s
    ${execution ? `LEFT JOIN LATERAL (${executionStorage.latestOfScheduleSql('s."id"')}) e ON true` : ''}
  ) l ON true
  ORDER BY m."createdAt" DESC, m."id" DESC`;
}

/** Monitor rows of withLatest, their latest activity moved into `into` (marked partial there when narrowed). */
function splitLatest({ columns, rows }: Tuples, depth: LatestDepth, cols: LatestColumns, into: Related): Monitor[] {
  if (rows.length === 0) return [];
  const monitorOf = MONITOR.reader(columns, '');
  const scheduleOf = cols.schedule.reader(columns, 's.');
  const executionOf = depth === 'schedule' ? null : cols.execution.reader(columns, 'e.');
  const violationsAt = columns.indexOf('violations');
  return rows.map((row) => {
    const monitor = monitorOf(row) as Monitor;
    const s = scheduleOf(row);
    into.latestScheduleByMonitor.set(monitor.id, s);
    if (s && cols.schedule.narrowed) into.partial.set(s, cols.schedule.narrowed);
    if (s && executionOf) {
      const e = executionOf(row);
      into.lastExecutionBySchedule.set(s.id, e);
      if (e && cols.execution.narrowed) into.partial.set(e, cols.execution.narrowed);
      if (e && violationsAt >= 0) into.violationsByExecution.set(e.id, executionStorage.violationsFromJson(row[violationsAt] as JsonObject[]));
    }
    return monitor;
  });
}

/** Runs a monitors read, with the latest activity `prefetch` asks for. */
async function read(db: Db, sql: string, values: unknown[], prefetch: Prefetch<LatestDepth | null> | undefined): Promise<Monitor[]> {
  if (!prefetch?.include) return readRows<Monitor>(db, sql, values);
  const cols = latestColumns(prefetch);
  return splitLatest(await readTuples(db, withLatest(sql, prefetch.include, cols), values), prefetch.include, cols, prefetch.into);
}

export const monitorStorage = {
  create: (tx: Tx, data: { teamId: string; name: string; type: MonitorType; backend: Backend; endpointName: string | null; config: Prisma.InputJsonValue }) =>
    tx.monitor.create({ data }),
  get: async (db: Db | Tx, teamId: string, id: string): Promise<Monitor | null> => (await readRows<Monitor>(db, GET, [teamId, id]))[0] ?? null,
  /** A monitor with the latest activity `prefetch` asks for, in one statement. */
  getWithLatest: async (db: Db, teamId: string, id: string, prefetch: Prefetch<LatestDepth | null>): Promise<Monitor | null> =>
    (await read(db, GET, [teamId, id], prefetch))[0] ?? null,
  byIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Monitor>(db, BY_IDS, [teamId, ids]),
  update: (tx: Tx, id: string, data: { endpointName: string | null; config: Prisma.InputJsonValue }) => tx.monitor.update({ where: { id }, data }),
  setBackend: (tx: Tx, id: string, backend: Backend) => tx.monitor.update({ where: { id }, data: { backend } }),
  /** Deletes the monitor and its history, uncounting its violations from the hourly rollup first. */
  delete: async (tx: Tx, id: string) => {
    await violationHourlyStorage.removeMonitor(tx, id);
    return tx.monitor.delete({ where: { id } });
  },
  /** A keyset page of the team's monitors, newest first: Monitor(teamId, createdAt, id), or (teamId, type, createdAt, id). */
  list: (db: Db, teamId: string, filter: MonitorFilter, page: Page, prefetch?: Prefetch<LatestDepth | null>): Promise<Monitor[]> => {
    const p = new SqlParams();
    const where = listWhere(p, teamId, filter);
    const sql = `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`;
    return read(db, sql, p.values, prefetch);
  },
  /** The team's monitors that `filter` matches (list's WHERE without the page). */
  count: (db: Db, teamId: string, filter: MonitorFilter): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Monitor"', listWhere(p, teamId, filter)), p.values);
  },
  /** The monitor's stored health, locking its row for the rest of `tx` (null: the monitor is gone). */
  lockHealth: async (tx: Tx, id: string): Promise<HealthState | null> => (await readRows<HealthState>(tx, HEALTH_FOR_UPDATE, [id]))[0] ?? null,
  /** Stores the monitor's health; its open violations are those stored for the execution when VIOLATING. */
  setHealth: (tx: Tx, id: string, h: HealthState) => tx.$executeRaw`
    UPDATE "Monitor" SET "healthStatus" = ${h.status}::"MonitorHealthStatus", "healthSince" = ${h.since}::timestamptz,
      "healthExecutionId" = ${h.executionId}::uuid, "healthScheduledTime" = ${h.scheduledTime}::timestamptz,
      "healthOpenViolations" = CASE WHEN ${h.status} = 'VIOLATING' THEN (SELECT count(*)::int FROM "Violation" v WHERE v."executionId" = ${h.executionId}::uuid) ELSE 0 END
    WHERE "id" = ${id}::uuid`,
};
