// The hourly rollup of violations (ViolationHourly): counts per team, UTC hour of createdAt,
// monitor type and check type, kept exact in the transactions that change violations, which
// are only inserted by the executions sync (add) and only deleted with their monitor
// (removeMonitor). Coarse violation summaries read it (violation-summary.ts).
import { readRows, type Tx } from '../db/client.js';
import type { MonitorType } from '../generated/prisma/client.js';
import { HOUR_MS } from '@mmg/engine';


/** Locks the monitor's row, so no violation of it is inserted (a foreign key waits on the lock) until the transaction ends. */
const LOCK_MONITOR = 'SELECT x."id" FROM "Monitor" x WHERE x."id" = $1::uuid FOR UPDATE';

export const violationHourlyStorage = {
  /** Counts violations just inserted (all of one monitor, of type `monitorType`) into their hours, in one statement. */
  add: async (tx: Tx, teamId: string, monitorType: MonitorType, rows: ReadonlyArray<{ createdAt: Date; checkType: string }>): Promise<void> => {
    if (rows.length === 0) return;
    const groups = new Map<string, { hour: Date; checkType: string; count: number }>();
    for (const r of rows) {
      const hour = new Date(Math.floor(r.createdAt.getTime() / HOUR_MS) * HOUR_MS);
      const key = `${hour.getTime()} ${r.checkType}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { hour, checkType: r.checkType, count: 1 });
    }
    const list = [...groups.values()];
    await tx.$executeRaw`
      INSERT INTO "ViolationHourly" ("teamId", "hour", "monitorType", "checkType", "count")
      SELECT ${teamId}::uuid, g."hour", ${monitorType}::"MonitorType", g."checkType", g."count"
      FROM unnest(${list.map((g) => g.hour.toISOString())}::timestamptz[], ${list.map((g) => g.checkType)}::text[], ${list.map((g) => g.count)}::int[]) AS g("hour", "checkType", "count")
      ON CONFLICT ("teamId", "hour", "monitorType", "checkType") DO UPDATE SET "count" = "ViolationHourly"."count" + EXCLUDED."count"`;
  },

  /**
   * Uncounts the monitor's violations, before the monitor (and so they) is deleted in `tx`:
   * the monitor's row is locked first, so the count covers every violation the delete removes.
   */
  removeMonitor: async (tx: Tx, monitorId: string): Promise<void> => {
    await readRows(tx, LOCK_MONITOR, [monitorId]);
    await tx.$executeRaw`
      UPDATE "ViolationHourly" r SET "count" = r."count" - d."count"
      FROM (
        SELECT v."teamId", date_trunc('hour', v."createdAt", 'UTC') AS "hour", m."type" AS "monitorType", v."checkType", count(*)::int AS "count"
        FROM "Violation" v JOIN "Monitor" m ON m."id" = v."monitorId"
        WHERE v."monitorId" = ${monitorId}::uuid
        GROUP BY 1, 2, 3, 4
      ) d
      WHERE r."teamId" = d."teamId" AND r."hour" = d."hour" AND r."monitorType" = d."monitorType" AND r."checkType" = d."checkType"`;
  },

  /** Recounts the team's rollup from its violations (for rows written around the sync, as bulk seeds do). */
  rebuildTeam: async (tx: Tx, teamId: string): Promise<void> => {
    await tx.$executeRaw`DELETE FROM "ViolationHourly" WHERE "teamId" = ${teamId}::uuid`;
    await tx.$executeRaw`
      INSERT INTO "ViolationHourly" ("teamId", "hour", "monitorType", "checkType", "count")
      SELECT v."teamId", date_trunc('hour', v."createdAt", 'UTC'), m."type", v."checkType", count(*)::int
      FROM "Violation" v JOIN "Monitor" m ON m."id" = v."monitorId"
      WHERE v."teamId" = ${teamId}::uuid
      GROUP BY 1, 2, 3, 4`;
  },
};
