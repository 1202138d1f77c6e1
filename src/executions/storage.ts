// The only place that touches Execution and Violation rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import { Prisma, type Execution, type ExecutionStatus } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';
import type { ReportViolation } from '../backends/types.js';

export interface ExecutionFilter {
  monitorId?: string | null | undefined;
  scheduleId?: string | null | undefined;
  status?: readonly ExecutionStatus[] | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface ViolationFilter {
  monitorId?: string | null | undefined;
  executionId?: string | null | undefined;
  checkType?: string | null | undefined;
  featureName?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

const range = (from?: Date | null, to?: Date | null) =>
  from || to ? { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } : undefined;

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
}

/** Every Execution column, typed as Prisma returns them (enums as text). */
const EXECUTION_COLUMNS = Prisma.raw(
  'x."id", x."teamId", x."monitorId", x."scheduleId", x."backendExecutionId", x."status"::text AS "status", x."scheduledTime", ' +
    'x."startedAt", x."endedAt", x."failureReason", x."reportUri", x."createdAt", x."updatedAt"',
);

export const executionStorage = {
  get: (db: Db, teamId: string, id: string) => db.execution.findFirst({ where: { id, teamId } }),
  byIds: (db: Db, teamId: string, ids: readonly string[]) => db.execution.findMany({ where: { teamId, id: { in: [...ids] } } }),
  list: (db: Db, teamId: string, filter: ExecutionFilter, page: Page) => {
    const scheduledTime = range(filter.from, filter.to);
    return db.execution.findMany({
      where: {
        teamId,
        ...(filter.monitorId ? { monitorId: filter.monitorId } : {}),
        ...(filter.scheduleId ? { scheduleId: filter.scheduleId } : {}),
        ...(filter.status?.length ? { status: { in: [...filter.status] } } : {}),
        ...(scheduledTime ? { AND: [{ scheduledTime }] } : {}),
        ...afterCursorWhere('scheduledTime', page.after),
      },
      orderBy: orderDesc('scheduledTime'),
      take: page.take,
    });
  },
  /**
   * The newest execution of each schedule, in one statement: one index probe per schedule
   * (Execution(teamId, scheduleId, scheduledTime, id), read backwards, LIMIT 1) instead of
   * every execution of every schedule (Prisma's `distinct` reads all rows and dedups in memory).
   */
  latestBySchedules: (db: Db, teamId: string, scheduleIds: readonly string[]): Promise<Execution[]> =>
    scheduleIds.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<Execution[]>(Prisma.sql`
          SELECT e.* FROM unnest(${[...scheduleIds]}::uuid[]) AS s(id)
          CROSS JOIN LATERAL (
            SELECT ${EXECUTION_COLUMNS} FROM "Execution" x
            WHERE x."teamId" = ${teamId}::uuid AND x."scheduleId" = s.id
            ORDER BY x."scheduledTime" DESC, x."id" DESC
            LIMIT 1
          ) e`),
  /** Idempotent on (monitorId, backendExecutionId): a repeated sync changes nothing new. */
  upsert: (tx: Tx, e: ExecutionUpsert) =>
    tx.execution.upsert({
      where: { monitorId_backendExecutionId: { monitorId: e.monitorId, backendExecutionId: e.backendExecutionId } },
      create: e,
      update: { status: e.status, startedAt: e.startedAt, endedAt: e.endedAt, failureReason: e.failureReason, reportUri: e.reportUri },
    }),
  /** The stored status of an execution before a sync changes it (null when new). */
  statusOf: (tx: Tx, monitorId: string, backendExecutionId: string) =>
    tx.execution.findUnique({ where: { monitorId_backendExecutionId: { monitorId, backendExecutionId } }, select: { status: true } }),
  /** Inserts the violations not stored yet and returns only those (idempotent). */
  addNewViolations: (tx: Tx, base: { teamId: string; monitorId: string; executionId: string }, violations: readonly ReportViolation[]) =>
    tx.violation.createManyAndReturn({ data: violations.map((v) => ({ ...base, ...v })), skipDuplicates: true }),
  /** Idempotent on (executionId, featureName, checkType). */
  addViolations: (tx: Tx, base: { teamId: string; monitorId: string; executionId: string }, violations: readonly ReportViolation[]) =>
    tx.violation.createMany({ data: violations.map((v) => ({ ...base, ...v })), skipDuplicates: true }),
  violationsByExecutions: (db: Db, teamId: string, executionIds: readonly string[]) =>
    db.violation.findMany({ where: { teamId, executionId: { in: [...executionIds] } }, orderBy: [{ featureName: 'asc' }, { checkType: 'asc' }] }),
  violation: (db: Db, teamId: string, id: string) => db.violation.findFirst({ where: { id, teamId } }),
  listViolations: (db: Db, teamId: string, filter: ViolationFilter, page: Page) => {
    const createdAt = range(filter.from, filter.to);
    return db.violation.findMany({
      where: {
        teamId,
        ...(filter.monitorId ? { monitorId: filter.monitorId } : {}),
        ...(filter.executionId ? { executionId: filter.executionId } : {}),
        ...(filter.checkType ? { checkType: filter.checkType } : {}),
        ...(filter.featureName ? { featureName: filter.featureName } : {}),
        ...(createdAt ? { AND: [{ createdAt }] } : {}),
        ...afterCursorWhere('createdAt', page.after),
      },
      orderBy: orderDesc('createdAt'),
      take: page.take,
    });
  },
};
