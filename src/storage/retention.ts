// Retention deletes (the daily purge, tenancy/retention.ts): one statement per batch, each
// deleting at most `limit` of one team's rows older than their horizon, chosen by primary
// key in a subquery (DELETE … WHERE id IN (SELECT … LIMIT n)), so a statement locks only
// the rows it deletes and never runs long. AuditEvent has no statement here: it is never deleted.
import type { Db } from '../db/client.js';

export interface PurgeHorizons {
  executions: Date;
  violations: Date;
  metricPoints: Date;
  webhookDeliveries: Date;
  outbox: Date;
}

/** In the order they are purged: points and violations before their executions, so no execution's delete cascades far. */
const TABLES = ['MetricPoint', 'Violation', 'ViolationHourly', 'Execution', 'EngineExecution', 'WebhookDelivery', 'OutboxEvent'] as const;
export type PurgedTable = (typeof TABLES)[number];

type Batch = (db: Db, teamId: string, h: PurgeHorizons, limit: number) => Promise<number>;

const BATCHES: Record<PurgedTable, Batch> = {
  // Partitioned by month of "time": the bound on both sides prunes the partitions younger than the horizon.
  MetricPoint: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "MetricPoint" WHERE "time" < ${h.metricPoints} AND ("id", "time") IN (
      SELECT "id", "time" FROM "MetricPoint" WHERE "teamId" = ${teamId}::uuid AND "time" < ${h.metricPoints} LIMIT ${limit})`,
  // The hourly counts of whole hours before the horizon go with them (ViolationHourly below): the horizon is an hour's start.
  Violation: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "Violation" WHERE "id" IN (
      SELECT "id" FROM "Violation" WHERE "teamId" = ${teamId}::uuid AND "createdAt" < ${h.violations} ORDER BY "createdAt", "id" LIMIT ${limit})`,
  ViolationHourly: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "ViolationHourly" WHERE ctid IN (
      SELECT ctid FROM "ViolationHourly" WHERE "teamId" = ${teamId}::uuid AND "hour" < ${h.violations} LIMIT ${limit})`,
  // An execution whose violations are still kept (found after its scheduled time) waits for them: its delete would
  // cascade to them without uncounting them from ViolationHourly.
  Execution: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "Execution" WHERE "id" IN (
      SELECT e."id" FROM "Execution" e WHERE e."teamId" = ${teamId}::uuid AND e."scheduledTime" < ${h.executions}
        AND NOT EXISTS (SELECT 1 FROM "Violation" v WHERE v."executionId" = e."id") LIMIT ${limit})`,
  EngineExecution: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "EngineExecution" WHERE "id" IN (
      SELECT "id" FROM "EngineExecution" WHERE "teamId" = ${teamId}::uuid AND "scheduledTime" < ${h.executions}
        AND "status" NOT IN ('PENDING', 'IN_PROGRESS', 'STOPPING') LIMIT ${limit})`,
  // Deliveries still to be attempted (PENDING, FAILED) stay, whatever their age.
  WebhookDelivery: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE "id" IN (
      SELECT "id" FROM "WebhookDelivery" WHERE "teamId" = ${teamId}::uuid AND "createdAt" < ${h.webhookDeliveries}
        AND "status" IN ('DELIVERED', 'DEAD', 'SUPPRESSED') LIMIT ${limit})`,
  // Only relayed events and dead ones (unreadable, events/outbox-unreadable.ts): one not yet published still waits
  // for the relay. Each side walks the (deadAt, publishedAt, id) index; a relayed row is never dead.
  OutboxEvent: (db, teamId, h, limit) => db.$executeRaw`
    DELETE FROM "OutboxEvent" WHERE "id" IN (
      (SELECT "id" FROM "OutboxEvent" WHERE "deadAt" IS NULL AND "publishedAt" < ${h.outbox} AND "teamId" = ${teamId}::uuid ORDER BY "publishedAt", "id" LIMIT ${limit})
      UNION ALL
      (SELECT "id" FROM "OutboxEvent" WHERE "deadAt" < ${h.outbox} AND "teamId" = ${teamId}::uuid ORDER BY "deadAt", "id" LIMIT ${limit})
      LIMIT ${limit})`,
};

export const retentionStorage = {
  tables: TABLES,
  /** Deletes at most `limit` of the team's rows of `table` past their horizon; the number deleted. */
  purgeBatch: (db: Db, table: PurgedTable, teamId: string, horizons: PurgeHorizons, limit: number): Promise<number> =>
    BATCHES[table](db, teamId, horizons, limit),
};
