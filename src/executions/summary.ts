// violationSummary: counts of the team's violations per group, for dashboards. The rules on its
// arguments are pure (checkSummaryArgs); the count is one statement (storage/violation-summary.ts).
import type { Db } from '../db/client.js';
import type { QueryViolationSummaryArgs } from '../generated/graphql.js';
import { badInput } from '../shared/errors.js';
import { filterIdsCanExist } from '../shared/ids.js';
import { violationSummaryStorage, type SummaryKey, type SummaryRow } from '../storage/violation-summary.js';

const DAY_MS = 86_400_000;
/** Default range: the last 7 days. */
export const DEFAULT_SUMMARY_DAYS = 7;
/** Widest range a summary counts over. */
export const MAX_SUMMARY_DAYS = 366;
/** Most groups one summary answers. */
export const MAX_SUMMARY_GROUPS = 10_000;

export interface ViolationSummary {
  from: Date;
  to: Date;
  groups: SummaryRow[];
}

/** The range to count over (defaults filled in) and the keys; BAD_USER_INPUT naming the argument at fault. */
export function checkSummaryArgs(args: Pick<QueryViolationSummaryArgs, 'from' | 'to' | 'groupBy'>, now: Date): { from: Date; to: Date; keys: SummaryKey[] } {
  const to = args.to ?? now;
  const from = args.from ?? new Date(to.getTime() - DEFAULT_SUMMARY_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw badInput(args.to ? 'to' : 'from', '`to` must be after `from` (defaults: from 7 days before to, to now)');
  if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * DAY_MS) throw badInput('to', `the range must be at most ${MAX_SUMMARY_DAYS} days`);
  const keys = args.groupBy;
  if (keys.length === 0) throw badInput('groupBy', 'groupBy must name at least one key, e.g. [MONITOR]');
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) throw badInput('groupBy', `groupBy names ${twice} twice`);
  if (keys.includes('HOUR') && keys.includes('DAY')) throw badInput('groupBy', 'groupBy takes one time bucket: HOUR or DAY');
  return { from, to, keys: [...keys] };
}

export async function violationSummary(db: Db, teamId: string, args: QueryViolationSummaryArgs, now = new Date()): Promise<ViolationSummary> {
  const { from, to, keys } = checkSummaryArgs(args, now);
  const filter = args.filter ?? {};
  if (!filterIdsCanExist(filter, ['monitorId'])) return { from, to, groups: [] };
  const groups = await violationSummaryStorage.groups(db, {
    teamId, from, to, keys, monitorId: filter.monitorId?.toLowerCase(), endpointName: filter.endpointName, monitorType: filter.monitorType,
    checkType: filter.checkType, take: MAX_SUMMARY_GROUPS + 1,
  });
  if (groups.length > MAX_SUMMARY_GROUPS) throw badInput('groupBy', `more than ${MAX_SUMMARY_GROUPS} groups: group by fewer keys or narrow the range`);
  return { from, to, groups };
}
