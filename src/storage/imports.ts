// Reads of the SageMaker import (src/imports): which teams already have a schedule of a given
// SageMaker name, the other teams of a region, and which monitor and schedule names a team
// already uses. Schedule and Monitor are read with SQL and Team with Prisma, as src/README.md's
// Reads table states.
import { readRows, type Db, type Tx } from '../db/client.js';

/** Schedules of SAGEMAKER monitors whose SageMaker name (backend name, else name) is one of $1. */
const MANAGED = `SELECT DISTINCT s."teamId", COALESCE(s."backendName", s."name") AS "name"
  FROM "Schedule" s JOIN "Monitor" m ON m."id" = s."monitorId"
  WHERE m."backend" = 'SAGEMAKER' AND COALESCE(s."backendName", s."name") = ANY($1::text[])`;

/** Which of $2 the team's monitors or schedules use as their name. */
const TAKEN = `SELECT "name" FROM "Monitor" WHERE "teamId" = $1::uuid AND "name" = ANY($2::text[])
  UNION SELECT "name" FROM "Schedule" WHERE "teamId" = $1::uuid AND "name" = ANY($2::text[])`;

export const importStorage = {
  /** For each of `names` the gateway already has as a SAGEMAKER schedule's SageMaker name (backend name, else name): the teams that have it. */
  holders: async (db: Db | Tx, names: readonly string[]): Promise<Map<string, Set<string>>> => {
    const out = new Map<string, Set<string>>();
    if (names.length === 0) return out;
    for (const r of await readRows<{ teamId: string; name: string }>(db, MANAGED, [names])) {
      out.set(r.name, (out.get(r.name) ?? new Set()).add(r.teamId));
    }
    return out;
  },
  /** The teams other than `teamId` whose AWS region is `region`, with the role ARNs that tell their account. */
  regionTeams: (db: Db | Tx, teamId: string, region: string) =>
    db.team.findMany({ where: { awsRegion: region, id: { not: teamId } }, select: { id: true, awsAssumeRoleArn: true, awsExecutionRoleArn: true } }),
  /** Which of `names` the team's monitors or schedules already use. */
  takenNames: async (db: Db | Tx, teamId: string, names: readonly string[]): Promise<Set<string>> => {
    if (names.length === 0) return new Set();
    return new Set((await readRows<{ name: string }>(db, TAKEN, [teamId, names])).map((r) => r.name));
  },
};
