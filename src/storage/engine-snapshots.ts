// The built-in engine's tables are read and written with Prisma in engine/ (src/README.md,
// Reads), except the rows that carry a snapshot of the monitor: it holds the baseline's
// statistics and constraints, whose numbers must keep every bit, so those rows are written
// here with the snapshots as JSON text (see jsonText in db/sql.ts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import { jsonText } from '../db/sql.js';

export interface EngineScheduleSnapshot {
  monitor: object;
  schedule: object;
  expression: string;
  scheduleName: string;
}

export const engineSnapshotStorage = {
  /** A new EngineSchedule row (not stopped). */
  createSchedule: (db: Db, row: EngineScheduleSnapshot & { ref: string; teamId: string; monitorId: string }): Promise<number> =>
    db.$executeRaw`
      INSERT INTO "EngineSchedule" ("ref", "teamId", "monitorId", "scheduleName", "expression", "monitor", "schedule", "updatedAt")
      VALUES (${row.ref}, ${row.teamId}::uuid, ${row.monitorId}::uuid, ${row.scheduleName}, ${row.expression},
        ${jsonText(row.monitor)}::jsonb, ${jsonText(row.schedule)}::jsonb, now())`,

  /** Refreshes a schedule's snapshots (and its stopped flag when given); the count of rows changed, 0 when it does not exist. */
  saveSchedule: (db: Db, ref: string, data: EngineScheduleSnapshot & { stopped?: boolean }): Promise<number> =>
    db.$executeRaw`
      UPDATE "EngineSchedule" SET "monitor" = ${jsonText(data.monitor)}::jsonb, "schedule" = ${jsonText(data.schedule)}::jsonb,
        "expression" = ${data.expression}, "scheduleName" = ${data.scheduleName},
        "stopped" = COALESCE(${data.stopped ?? null}::boolean, "stopped"), "updatedAt" = now()
      WHERE "ref" = ${ref}`,

  /** A new PENDING EngineBaselineJob row; its id. */
  createBaselineJob: async (db: Db, row: { teamId: string; monitorId: string; baselineId: string; monitor: object; request: object; outputUri: string }): Promise<string> => {
    const id = randomUUID();
    await db.$executeRaw`
      INSERT INTO "EngineBaselineJob" ("id", "teamId", "monitorId", "baselineId", "status", "monitor", "request", "outputUri", "updatedAt")
      VALUES (${id}::uuid, ${row.teamId}::uuid, ${row.monitorId}::uuid, ${row.baselineId}, 'PENDING',
        ${jsonText(row.monitor)}::jsonb, ${jsonText(row.request)}::jsonb, ${row.outputUri}, now())`;
    return id;
  },
};
