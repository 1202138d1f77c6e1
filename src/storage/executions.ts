// The only place that touches Execution and Violation rows.
import { readCount, readRows, readTuples, type Db } from '../db/client.js';
import { Columns, countSql, fromJsonRow, newestPerParent, newestRow, pageOrder, pageWhere, SqlParams, type JsonObject, type NewestRow } from '../db/sql.js';
import type { Tx } from '../db/client.js';
import { Prisma, type Execution, type ExecutionStatus, type MonitorType, type Violation } from '../generated/prisma/client.js';
import { violationHourlyStorage } from './violation-hourly.js';
import type { Page } from '../shared/pagination.js';
import type { Needed, Prefetch, Related } from '../db/related.js';
import { MONITOR, monitorByIdSql } from './monitor-columns.js';
import type { ReportViolation } from '../backends/types.js';
import { executionsWhere, violationsWhere, type ExecutionFilter, type ViolationFilter } from './execution-filters.js';

export type { ExecutionFilter, ViolationFilter } from './execution-filters.js';
import type { ProgressReport } from '../backends/progress.js';

/** A violation row: what the report does not name is '' (part of the row's identity, so never null). */
const violationRow = (base: { teamId: string; monitorId: string; executionId: string }, v: ReportViolation) => ({
  ...base, featureName: v.featureName, checkType: v.checkType, description: v.description,
  metricName: v.metricName ?? '', facet: v.facet ?? '', facetValue: v.facetValue ?? '', label: v.label ?? '',
});

export interface ExecutionUpsert {
  teamId: string;
  monitorId: string;
  scheduleId: string;
  backendExecutionId: string;
  status: ExecutionStatus;
  scheduledTime: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  failureReason: string | null;
  reportUri: string | null;
  /** Why the finished run's report could not be read (null: read, or not finished). */
  reportError: string | null;
  /** As the backend last reported it (null: none). */
  progress: ProgressReport | null;
}

const EXECUTION = new Columns<Execution>(Prisma.ExecutionScalarFieldEnum, ['status']);
const VIOLATION = new Columns<Violation>(Prisma.ViolationScalarFieldEnum);
const EXECUTION_COLUMNS = EXECUTION.sql;
const VIOLATION_COLUMNS = VIOLATION.sql;

/** The execution `idRef` (a parameter or an outer column) of the team in `$1`: a primary-key probe (see monitorByIdSql). */
const executionByIdSql = (idRef: string) => `SELECT ${EXECUTION_COLUMNS} FROM "Execution" x WHERE x."teamId" = $1::uuid AND x."id" = ${idRef} LIMIT 1`;
const GET = executionByIdSql('$2::uuid');
const BY_IDS = `SELECT ${EXECUTION_COLUMNS} FROM "Execution" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;
/** A schedule's newest execution, of the team in `$1`. */
const NEWEST_OF_SCHEDULE: NewestRow = {
  table: 'Execution', columns: EXECUTION_COLUMNS, parentColumn: 'scheduleId', where: 'x."teamId" = $1::uuid', orderBy: 'x."scheduledTime" DESC, x."id" DESC',
};
const LATEST_BY_SCHEDULES = newestPerParent({ ...NEWEST_OF_SCHEDULE, ids: '$2' });
const VIOLATION_ORDER = 'ORDER BY x."featureName", x."checkType", x."metricName", x."facetValue"';
const VIOLATIONS_BY_EXECUTIONS = `SELECT ${VIOLATION_COLUMNS} FROM "Violation" x
  WHERE x."teamId" = $1::uuid AND x."executionId" = ANY($2::uuid[]) ${VIOLATION_ORDER}`;
/** The violations of the execution `executionRef`, of the team in `$1`, as one JSON array (`[]`: none). */
const violationsJsonSql = (executionRef: string) =>
  `SELECT coalesce(json_agg(v), '[]') FROM (SELECT ${VIOLATION_COLUMNS} FROM "Violation" x WHERE x."teamId" = $1::uuid AND x."executionId" = ${executionRef} ${VIOLATION_ORDER}) v`;
const VIOLATION_TIMESTAMPS = ['createdAt'] as const;
const violationsFromJson = (values: JsonObject[]) => values.map((v) => fromJsonRow<Violation>(v, VIOLATION_TIMESTAMPS));
const FINISHED = `('COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED')`;
const FINISHED_STATUSES = `SELECT x."backendExecutionId", x."status"::text AS "status" FROM "Execution" x
  WHERE x."monitorId" = $1::uuid AND x."backendExecutionId" = ANY($2::text[]) AND x."status" IN ${FINISHED}`;
const STATUS_OF = 'SELECT x."status"::text AS "status" FROM "Execution" x WHERE x."monitorId" = $1::uuid AND x."backendExecutionId" = $2';
const SCHEDULE_STATE = `SELECT EXISTS (SELECT 1 FROM "Execution" x WHERE x."scheduleId" = $1::uuid AND x."status" IN ('PENDING', 'IN_PROGRESS', 'STOPPING')) AS "running",
  (SELECT max(x."scheduledTime") FROM "Execution" x WHERE x."scheduleId" = $1::uuid) AS "latest"`;

/** What an executions page brings beside its rows: each execution's violations. */
export interface ExecutionsInclude { violations: boolean }
/** What a violations page brings beside its rows: each violation's monitor and execution. */
export interface ViolationsInclude { monitor: boolean; execution: boolean }

/** An executions page (alias `x`, the team in `$1`) with each execution's violations as a JSON column, in order. */
async function executionsWithViolations(db: Db, pageSql: string, values: unknown[], into: Related): Promise<Execution[]> {
  const sql = `SELECT e.*, (${violationsJsonSql('e."id"')}) AS "violations" FROM (${pageSql}) e ORDER BY e."scheduledTime" DESC, e."id" DESC`;
  const rows = await readRows<Execution & { violations: JsonObject[] }>(db, sql, values);
  return rows.map(({ violations, ...execution }) => {
    into.violationsByExecution.set(execution.id, violationsFromJson(violations));
    return execution;
  });
}

/**
 * A violations page (alias `x`, the team in `$1`) with each violation's monitor and
 * execution as prefixed columns, in order; the executions with `executionColumns` only
 * (marked partial in `into`).
 */
async function violationsWithParents(db: Db, pageSql: string, values: unknown[], include: ViolationsInclude, into: Related, executionColumns: Needed): Promise<Violation[]> {
  const execution = EXECUTION.only(executionColumns);
  const sql = `SELECT v.*${include.monitor ? `, ${MONITOR.embed('m', 'm.')}` : ''}${include.execution ? `, ${execution.embed('e', 'e.')}` : ''} FROM (${pageSql}) v
    ${include.monitor ? `LEFT JOIN LATERAL (${monitorByIdSql('v."monitorId"')}) m ON true` : ''}
    ${include.execution ? `LEFT JOIN LATERAL (${executionByIdSql('v."executionId"')}) e ON true` : ''}
    ORDER BY v."createdAt" DESC, v."id" DESC`;
  const { columns, rows } = await readTuples(db, sql, values);
  if (rows.length === 0) return [];
  const violationOf = VIOLATION.reader(columns, '');
  const monitorOf = include.monitor ? MONITOR.reader(columns, 'm.') : null;
  const executionOf = include.execution ? execution.reader(columns, 'e.') : null;
  return rows.map((row) => {
    const violation = violationOf(row) as Violation;
    if (monitorOf) into.monitor.set(violation.monitorId, monitorOf(row));
    if (executionOf) {
      const e = executionOf(row);
      into.execution.set(violation.executionId, e);
      if (e && execution.narrowed) into.partial.set(e, execution.narrowed);
    }
    return violation;
  });
}

export const executionStorage = {
  get: async (db: Db, teamId: string, id: string): Promise<Execution | null> => (await readRows<Execution>(db, GET, [teamId, id]))[0] ?? null,
  byIds: (db: Db | Tx, teamId: string, ids: readonly string[]) => readRows<Execution>(db, BY_IDS, [teamId, ids]),
  /** A keyset page by scheduled time, newest first: Execution(teamId, monitorId | scheduleId, scheduledTime, id). */
  list: (db: Db, teamId: string, filter: ExecutionFilter, page: Page, prefetch?: Prefetch<ExecutionsInclude>): Promise<Execution[]> => {
    const p = new SqlParams();
    const where = executionsWhere(p, teamId, filter);
    const sql = `SELECT ${EXECUTION_COLUMNS} FROM "Execution" x WHERE ${pageWhere(p, where, 'scheduledTime', page.after)} ${pageOrder(p, 'scheduledTime', page)}`;
    if (prefetch?.include.violations) return executionsWithViolations(db, sql, p.values, prefetch.into);
    return readRows<Execution>(db, sql, p.values);
  },
  /** The team's executions that `filter` matches (list's WHERE without the page). */
  count: (db: Db, teamId: string, filter: ExecutionFilter): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Execution"', executionsWhere(p, teamId, filter)), p.values);
  },
  /** The team's violations that `filter` matches (listViolations' WHERE without the page). */
  countViolations: (db: Db, teamId: string, filter: ViolationFilter): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Violation"', violationsWhere(p, teamId, filter)), p.values);
  },
  /**
   * The newest execution of each schedule, in one statement: one index probe per schedule
   * (Execution(teamId, scheduleId, scheduledTime, id), read backwards, LIMIT 1) instead of
   * every execution of every schedule (Prisma's `distinct` reads all rows and dedups in memory).
   */
  latestBySchedules: (db: Db, teamId: string, scheduleIds: readonly string[]): Promise<Execution[]> =>
    scheduleIds.length === 0 ? Promise.resolve([]) : readRows<Execution>(db, LATEST_BY_SCHEDULES, [teamId, scheduleIds]),
  /** SQL for prefetching reads: the newest execution of the schedule `scheduleRef`, of the team in `$1`. */
  latestOfScheduleSql: (scheduleRef: string) => newestRow(NEWEST_OF_SCHEDULE, scheduleRef),
  /** Execution columns, for reads that carry an execution beside another row (see Columns). */
  columns: EXECUTION,
  violationsJsonSql,
  /** The rows of a violationsJsonSql column. */
  violationsFromJson,
  /** Idempotent on (monitorId, backendExecutionId): a repeated sync changes nothing new. */
  upsert: (tx: Tx, e: ExecutionUpsert) => {
    const progress = e.progress ?? Prisma.DbNull;
    return tx.execution.upsert({
      where: { monitorId_backendExecutionId: { monitorId: e.monitorId, backendExecutionId: e.backendExecutionId } },
      create: { ...e, progress },
      update: { status: e.status, startedAt: e.startedAt, endedAt: e.endedAt, failureReason: e.failureReason, reportUri: e.reportUri, reportError: e.reportError, progress },
    });
  },
  /** Stored executions among `backendExecutionIds` that are in a final state, by backend id → status. */
  finishedStatuses: async (db: Db, monitorId: string, backendExecutionIds: readonly string[]): Promise<Map<string, ExecutionStatus>> => {
    if (backendExecutionIds.length === 0) return new Map();
    const rows = await readRows<Pick<Execution, 'backendExecutionId' | 'status'>>(db, FINISHED_STATUSES, [monitorId, backendExecutionIds]);
    return new Map(rows.map((r) => [r.backendExecutionId, r.status]));
  },
  /** The stored status of an execution before a sync changes it (null when new). */
  statusOf: async (tx: Tx, monitorId: string, backendExecutionId: string): Promise<Pick<Execution, 'status'> | null> =>
    (await readRows<Pick<Execution, 'status'>>(tx, STATUS_OF, [monitorId, backendExecutionId]))[0] ?? null,
  /** What the sync's planner needs of a schedule: is an execution unfinished, and the newest one's scheduled time. */
  scheduleState: async (db: Db, scheduleId: string): Promise<{ running: boolean; latestScheduledTime: Date | null }> => {
    const [row] = await readRows<{ running: boolean; latest: Date | null }>(db, SCHEDULE_STATE, [scheduleId]);
    return { running: row?.running ?? false, latestScheduledTime: row?.latest ?? null };
  },
  /**
   * Inserts the violations not stored yet and returns only those (idempotent on (executionId,
   * featureName, checkType, metricName, facetValue)), counting them into the hourly rollup in
   * the same transaction: the only way violations are inserted.
   */
  addNewViolations: async (tx: Tx, base: { teamId: string; monitorId: string; executionId: string }, monitorType: MonitorType, violations: readonly ReportViolation[]) => {
    const created = await tx.violation.createManyAndReturn({ data: violations.map((v) => violationRow(base, v)), skipDuplicates: true });
    await violationHourlyStorage.add(tx, base.teamId, monitorType, created);
    return created;
  },
  /** The violations of some executions: Violation(executionId, featureName, checkType, metricName, facetValue), in that order. */
  violationsByExecutions: (db: Db | Tx, teamId: string, executionIds: readonly string[]) =>
    readRows<Violation>(db, VIOLATIONS_BY_EXECUTIONS, [teamId, executionIds]),
  /** A keyset page of the team's violations, newest first: Violation(teamId, createdAt, id), or (teamId, monitorId, createdAt, id). */
  listViolations: (db: Db, teamId: string, filter: ViolationFilter, page: Page, prefetch?: Prefetch<ViolationsInclude>): Promise<Violation[]> => {
    const p = new SqlParams();
    const where = violationsWhere(p, teamId, filter);
    const sql = `SELECT ${VIOLATION_COLUMNS} FROM "Violation" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`;
    if (prefetch && (prefetch.include.monitor || prefetch.include.execution)) return violationsWithParents(db, sql, p.values, prefetch.include, prefetch.into, prefetch.columns?.execution ?? null);
    return readRows<Violation>(db, sql, p.values);
  },
};
