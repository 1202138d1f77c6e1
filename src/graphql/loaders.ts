// Per-request DataLoaders, scoped to the caller's team: every relation a list shows
// is fetched in one statement per kind, whatever the page size.
import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import type { Baseline, Execution, Member, Monitor, Schedule, Violation } from '../generated/prisma/client.js';
import { monitorStorage } from '../monitors/storage.js';
import { scheduleStorage } from '../schedules/storage.js';
import { baselineStorage } from '../baselines/storage.js';
import { executionStorage } from '../executions/storage.js';
import { tenancyStorage } from '../tenancy/storage.js';

function byKey<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const map = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(keyOf(r))?.push(r);
  return keys.map((k) => map.get(k) ?? []);
}

export function createLoaders(db: Db, teamId: string) {
  return {
    monitor: new DataLoader<string, Monitor | null>(async (ids) => byKey(ids, await monitorStorage.byIds(db, teamId, ids), (r) => r.id)),
    schedule: new DataLoader<string, Schedule | null>(async (ids) => byKey(ids, await scheduleStorage.byIds(db, teamId, ids), (r) => r.id)),
    baseline: new DataLoader<string, Baseline | null>(async (ids) => byKey(ids, await baselineStorage.byIds(db, teamId, ids), (r) => r.id)),
    execution: new DataLoader<string, Execution | null>(async (ids) => byKey(ids, await executionStorage.byIds(db, teamId, ids), (r) => r.id)),
    member: new DataLoader<string, Member | null>(async (ids) => byKey(ids, await tenancyStorage.membersByIds(db, teamId, ids), (r) => r.id)),
    activeBaselineByMonitor: new DataLoader<string, Baseline | null>(async (ids) =>
      byKey(ids, await baselineStorage.activeByMonitors(db, ids), (r) => r.monitorId)),
    latestScheduleByMonitor: new DataLoader<string, Schedule | null>(async (ids) =>
      byKey(ids, await scheduleStorage.latestByMonitors(db, teamId, ids), (r) => r.monitorId)),
    lastExecutionBySchedule: new DataLoader<string, Execution | null>(async (ids) =>
      byKey(ids, await executionStorage.latestBySchedules(db, teamId, ids), (r) => r.scheduleId as string)),
    violationsByExecution: new DataLoader<string, Violation[]>(async (ids) =>
      groupBy(ids, await executionStorage.violationsByExecutions(db, teamId, ids), (r) => r.executionId)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
