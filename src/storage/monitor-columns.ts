// The Monitor columns as the hot reads select them: shared by this domain's storage and
// by reads of other domains that bring monitors in the same statement (no import cycle).
import { Columns } from '../db/sql.js';
import { Prisma, type Monitor } from '../generated/prisma/client.js';

export const MONITOR = new Columns<Monitor>(Prisma.MonitorScalarFieldEnum, ['type', 'backend', 'healthStatus']);

/** Every Monitor column, with the alias `x`, typed as Prisma returns them (enums as text). */
export const MONITOR_COLUMNS = MONITOR.sql;

/**
 * The monitor `idRef` (a parameter or an outer column) of the team in `$1`, as one row.
 * LIMIT 1 keeps it a primary-key probe per outer row: without it the planner may flatten a
 * LATERAL use into a hash join over all the team's monitors.
 */
export const monitorByIdSql = (idRef: string): string =>
  `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE x."teamId" = $1::uuid AND x."id" = ${idRef} LIMIT 1`;
