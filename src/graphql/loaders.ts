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

/**
 * The loaders of one request. Each is made on first use (prototype getters, one object
 * per request): a request that reads one relation does not build the other eight. Apollo
 * copies the context, not this object, so a loader made once serves the whole request.
 */
class RequestLoaders {
  #monitor?: DataLoader<string, Monitor | null>;
  #schedule?: DataLoader<string, Schedule | null>;
  #baseline?: DataLoader<string, Baseline | null>;
  #execution?: DataLoader<string, Execution | null>;
  #member?: DataLoader<string, Member | null>;
  #activeBaselineByMonitor?: DataLoader<string, Baseline | null>;
  #latestScheduleByMonitor?: DataLoader<string, Schedule | null>;
  #lastExecutionBySchedule?: DataLoader<string, Execution | null>;
  #violationsByExecution?: DataLoader<string, Violation[]>;

  constructor(private readonly db: Db, private readonly teamId: string) {}

  get monitor() {
    return (this.#monitor ??= new DataLoader(async (ids) => byKey(ids, await monitorStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get schedule() {
    return (this.#schedule ??= new DataLoader(async (ids) => byKey(ids, await scheduleStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get baseline() {
    return (this.#baseline ??= new DataLoader(async (ids) => byKey(ids, await baselineStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get execution() {
    return (this.#execution ??= new DataLoader(async (ids) => byKey(ids, await executionStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get member() {
    return (this.#member ??= new DataLoader(async (ids) => byKey(ids, await tenancyStorage.membersByIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get activeBaselineByMonitor() {
    return (this.#activeBaselineByMonitor ??= new DataLoader(async (ids) =>
      byKey(ids, await baselineStorage.activeByMonitors(this.db, ids), (r) => r.monitorId)));
  }
  get latestScheduleByMonitor() {
    return (this.#latestScheduleByMonitor ??= new DataLoader(async (ids) =>
      byKey(ids, await scheduleStorage.latestByMonitors(this.db, this.teamId, ids), (r) => r.monitorId)));
  }
  get lastExecutionBySchedule() {
    return (this.#lastExecutionBySchedule ??= new DataLoader(async (ids) =>
      byKey(ids, await executionStorage.latestBySchedules(this.db, this.teamId, ids), (r) => r.scheduleId as string)));
  }
  get violationsByExecution() {
    return (this.#violationsByExecution ??= new DataLoader(async (ids) =>
      groupBy(ids, await executionStorage.violationsByExecutions(this.db, this.teamId, ids), (r) => r.executionId)));
  }
}

export type Loaders = Pick<RequestLoaders, 'monitor' | 'schedule' | 'baseline' | 'execution' | 'member' | 'activeBaselineByMonitor'
  | 'latestScheduleByMonitor' | 'lastExecutionBySchedule' | 'violationsByExecution'>;

export function createLoaders(db: Db, teamId: string): Loaders {
  return new RequestLoaders(db, teamId);
}
