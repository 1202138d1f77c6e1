// Reads of the SageMaker import (src/imports): which SageMaker names the gateway already
// manages, and which monitor and schedule names a team already uses. Schedule and Monitor are
// read with SQL and Team with Prisma, as src/README.md's Reads table states.
import { readRows, type Db, type Tx } from '../db/client.js';

/** Schedules of SAGEMAKER monitors whose SageMaker name (backend name, else name) is one of $1. */
const MANAGED = `SELECT s."teamId", COALESCE(s."backendName", s."name") AS "name"
  FROM "Schedule" s JOIN "Monitor" m ON m."id" = s."monitorId"
  WHERE m."backend" = 'SAGEMAKER' AND COALESCE(s."backendName", s."name") = ANY($1::text[])`;

/** Which of $2 the team's monitors or schedules use as their name. */
const TAKEN = `SELECT "name" FROM "Monitor" WHERE "teamId" = $1::uuid AND "name" = ANY($2::text[])
  UNION SELECT "name" FROM "Schedule" WHERE "teamId" = $1::uuid AND "name" = ANY($2::text[])`;

export const importStorage = {
  /**
   * SageMaker schedule names among `names` the gateway already manages (a SAGEMAKER monitor's
   * schedule whose backend name, or name when it has none, is one of them), with the owning team;
   * other teams' only in `region` (schedule names are unique per account and region).
   */
  managedNames: async (db: Db | Tx, teamId: string, region: string, names: readonly string[]): Promise<Map<string, string>> => {
    if (names.length === 0) return new Map();
    const managed = await readRows<{ teamId: string; name: string }>(db, MANAGED, [names]);
    const others = [...new Set(managed.map((r) => r.teamId).filter((id) => id !== teamId))];
    const inRegion = new Set(
      others.length === 0 ? [] : (await db.team.findMany({ where: { id: { in: others }, awsRegion: region }, select: { id: true } })).map((t) => t.id),
    );
    const out = new Map<string, string>();
    // The team's own schedule wins over another team's of the same name.
    for (const r of managed) {
      if (r.teamId !== teamId && !inRegion.has(r.teamId)) continue;
      if (!out.has(r.name) || r.teamId === teamId) out.set(r.name, r.teamId);
    }
    return out;
  },
  /** Which of `names` the team's monitors or schedules already use. */
  takenNames: async (db: Db | Tx, teamId: string, names: readonly string[]): Promise<Set<string>> => {
    if (names.length === 0) return new Set();
    return new Set((await readRows<{ name: string }>(db, TAKEN, [teamId, names])).map((r) => r.name));
  },
};
