// Per-request DataLoaders, scoped to the caller's team: every relation a list shows
// is fetched in one statement per kind, whatever the page size, or not at all when the
// list read brought it already (`related`, filled by prefetching reads).
import DataLoader from 'dataloader';
import { Related, type Needed } from '../db/related.js';
import { notFound } from '../shared/errors.js';
import type { Db } from '../db/client.js';
import type { Baseline, Execution, Member, Monitor, Schedule, Violation } from '../generated/prisma/client.js';
import { monitorStorage } from '../storage/monitors.js';
import { scheduleStorage } from '../storage/schedules.js';
import { baselineStorage } from '../storage/baselines.js';
import { executionStorage } from '../storage/executions.js';
import { tenancyStorage } from '../storage/tenancy.js';

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
 * A DataLoader that answers keys a prefetching read brought (`known`) synchronously:
 * graphql-js then completes the field without a promise, and the rest of the page is
 * resolved in the same tick. Other keys are batched as usual.
 */
export class Loader<K, V> {
  readonly #loader: DataLoader<K, V>;
  constructor(private readonly known: ReadonlyMap<K, V>, batch: DataLoader.BatchLoadFn<K, V>, private readonly partial?: Related['partial']) {
    this.#loader = new DataLoader(batch);
  }

  /**
   * `needs`: the columns of the row the caller reads (null: all). A row prefetched with
   * fewer columns than that is read again, whole, in the batch.
   */
  load(key: K, needs: Needed = null): V | Promise<V> {
    const value = this.known.get(key);
    if (value !== undefined || this.known.has(key)) {
      const has = value === null ? undefined : this.partial?.get(value as object);
      if (!has || (needs !== null && needs.every((c) => has.has(c)))) return value as V;
    }
    return this.#loader.load(key);
  }
}

/**
 * A loaded parent that must exist (a row's monitor, a violation's execution), answered
 * as synchronously as the loader answered; NOT_FOUND when it is gone.
 */
export function found<V>(value: V | null | Promise<V | null>, type: string, id: string): V | Promise<V> {
  if (value instanceof Promise) return value.then((v) => v ?? Promise.reject(notFound(type, id)));
  if (value === null) throw notFound(type, id);
  return value;
}

/**
 * The loaders of one request. Each is made on first use (prototype getters, one object
 * per request): a request that reads one relation does not build the other eight. Apollo
 * copies the context, not this object, so a loader made once serves the whole request.
 */
class RequestLoaders {
  #monitor?: Loader<string, Monitor | null>;
  #schedule?: DataLoader<string, Schedule | null>;
  #baseline?: DataLoader<string, Baseline | null>;
  #execution?: Loader<string, Execution | null>;
  #member?: DataLoader<string, Member | null>;
  #activeBaselineByMonitor?: DataLoader<string, Baseline | null>;
  #latestScheduleByMonitor?: Loader<string, Schedule | null>;
  #activeSchedulesByMonitor?: DataLoader<string, Schedule[]>;
  #lastExecutionBySchedule?: Loader<string, Execution | null>;
  #violationsByExecution?: Loader<string, Violation[]>;
  /** Rows the request's list reads brought beside their pages; pass it as their prefetch `into`. */
  readonly related = new Related();

  constructor(private readonly db: Db, private readonly teamId: string) {}

  get monitor() {
    return (this.#monitor ??= new Loader(this.related.monitor, async (ids) => byKey(ids, await monitorStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get schedule() {
    return (this.#schedule ??= new DataLoader(async (ids) => byKey(ids, await scheduleStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get baseline() {
    return (this.#baseline ??= new DataLoader(async (ids) => byKey(ids, await baselineStorage.byIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get execution() {
    return (this.#execution ??= new Loader(this.related.execution, async (ids) => byKey(ids, await executionStorage.byIds(this.db, this.teamId, ids), (r) => r.id), this.related.partial));
  }
  get member() {
    return (this.#member ??= new DataLoader(async (ids) => byKey(ids, await tenancyStorage.membersByIds(this.db, this.teamId, ids), (r) => r.id)));
  }
  get activeBaselineByMonitor() {
    return (this.#activeBaselineByMonitor ??= new DataLoader(async (ids) =>
      byKey(ids, await baselineStorage.activeByMonitors(this.db, ids), (r) => r.monitorId)));
  }
  get latestScheduleByMonitor() {
    return (this.#latestScheduleByMonitor ??= new Loader(this.related.latestScheduleByMonitor, async (ids) =>
      byKey(ids, await scheduleStorage.latestByMonitors(this.db, this.teamId, ids), (r) => r.monitorId), this.related.partial));
  }
  get activeSchedulesByMonitor() {
    return (this.#activeSchedulesByMonitor ??= new DataLoader(async (ids) =>
      groupBy(ids, await scheduleStorage.activeByMonitors(this.db, this.teamId, ids), (r) => r.monitorId)));
  }
  get lastExecutionBySchedule() {
    return (this.#lastExecutionBySchedule ??= new Loader(this.related.lastExecutionBySchedule, async (ids) =>
      byKey(ids, await executionStorage.latestBySchedules(this.db, this.teamId, ids), (r) => r.scheduleId as string), this.related.partial));
  }
  get violationsByExecution() {
    return (this.#violationsByExecution ??= new Loader(this.related.violationsByExecution, async (ids) =>
      groupBy(ids, await executionStorage.violationsByExecutions(this.db, this.teamId, ids), (r) => r.executionId)));
  }
}

export type Loaders = Pick<RequestLoaders, 'monitor' | 'schedule' | 'baseline' | 'execution' | 'member' | 'activeBaselineByMonitor'
  | 'latestScheduleByMonitor' | 'activeSchedulesByMonitor' | 'lastExecutionBySchedule' | 'violationsByExecution' | 'related'>;

export function createLoaders(db: Db, teamId: string): Loaders {
  return new RequestLoaders(db, teamId);
}
