// SageMaker names are unique per account and region, and teams may share one. A schedule
// the gateway creates there is named "<team tag>-<name>" (its job definitions take their
// name from it), so two teams can both have a schedule "nightly". The name is stored with
// the schedule (Schedule.backendName) and never derived again: schedules made before this
// keep their plain names, and a schedule adopted from SageMaker keeps the name it has.
// A monitor's files in S3 go under the same tag (monitor-files.ts).
import { createHash } from 'node:crypto';

/** At most 54 characters: a job definition is named after the schedule plus "-" and 8 hex digits (job-definition.ts jobDefinitionName), within 63, and keeps the whole name. */
const MAX_NAME = 54;
const hash8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** "t" + 8 hex digits of the team id's hash: short, stable, and of SageMaker's name pattern. */
export const teamTag = (teamId: string): string => `t${hash8(teamId)}`;

/**
 * `name` under the team's tag, 1-54 characters of ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$. A name too
 * long for that keeps its start and ends in a hash of the whole, so distinct names stay distinct.
 */
export function teamScopedName(teamId: string, name: string): string {
  const tag = teamTag(teamId);
  const full = `${tag}-${name}`;
  if (full.length <= MAX_NAME) return full;
  const stem = name.slice(0, MAX_NAME - tag.length - 10).replace(/-+$/, '');
  return `${tag}-${stem}-${hash8(name)}`;
}
