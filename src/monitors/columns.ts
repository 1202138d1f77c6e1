// The Monitor columns as the hot reads select them: shared by this domain's storage and
// by reads of other domains that bring monitors in the same statement (no import cycle).
import { fromJsonRow, type JsonObject } from '../db/sql.js';
import type { Monitor } from '../generated/prisma/client.js';

/** Every Monitor column, with the alias `x`, typed as Prisma returns them (enums as text). */
export const MONITOR_COLUMNS =
  'x."id", x."teamId", x."name", x."type"::text AS "type", x."backend"::text AS "backend", x."endpointName", x."config", x."createdAt", x."updatedAt"';

/**
 * The monitor `idRef` (a parameter or an outer column) of the team in `$1`, as one row.
 * LIMIT 1 keeps it a primary-key probe per outer row: without it the planner may flatten a
 * LATERAL use into a hash join over all the team's monitors.
 */
export const monitorByIdSql = (idRef: string): string =>
  `SELECT ${MONITOR_COLUMNS} FROM "Monitor" x WHERE x."teamId" = $1::uuid AND x."id" = ${idRef} LIMIT 1`;

const TIMESTAMPS = ['createdAt', 'updatedAt'] as const;
/** A row that monitorByIdSql returned through to_json. */
export const monitorFromJson = (value: JsonObject): Monitor => fromJsonRow<Monitor>(value, TIMESTAMPS);
