// The reconcile job's rules: for each schedule the gateway knows (never others), describe
// it in its backend, compare, and with `repair` push the gateway's values back. One
// schedule's failure (a backend error, a concurrent change) is reported, not thrown.
import { recordAudit } from '../storage/audit.js';
import { loadBackendMonitor, toBackendSchedule } from '../storage/backend-inputs.js';
import type { BackendMonitor, Backends, BackendScheduleState } from '../backends/types.js';
import type { Db } from '../db/client.js';
import type { Schedule } from '../generated/prisma/client.js';
import type { Actor } from '../kernel/caller.js';
import { compareSchedule, type Drift } from './compare.js';
import { repairSchedule } from './repair.js';
import { reconcileStorage, type ScheduleWithMonitor } from '../storage/reconcile.js';

export const CHECKED_ACTION = 'schedules.reconcile_checked';
const PAGE = 200;

export interface ReconcileDrift extends Drift {
  schedule: Schedule;
  repaired: boolean;
  /** Why the repair failed (null when repaired or not attempted). */
  error: string | null;
}

export interface ReconcileReport {
  checked: number;
  drifts: ReconcileDrift[];
  /** Schedules that could not be described (the backend failed). */
  errors: Array<{ schedule: Schedule; message: string }>;
}

export interface ReconcileOptions {
  repair: boolean;
  /** Write the `schedules.reconcile_checked` row even when nothing drifted (API runs: always). */
  auditClean: boolean;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work` over `items`, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export class ReconcileManager {
  /** `concurrency`: schedules described (and repaired) at once per run. */
  constructor(private readonly db: Db, private readonly backends: Backends, private readonly concurrency = 4) {}

  /** Every schedule of the actor's team; audited as described in graphql/reconcile.graphql. */
  async reconcileTeam(actor: Actor, options: ReconcileOptions): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, drifts: [], errors: [] };
    const monitors = new Map<string, Promise<BackendMonitor>>();
    for (let after: string | null = null; ;) {
      const page = await reconcileStorage.schedulesPage(this.db, actor.teamId, after, PAGE);
      await eachLimited(page, this.concurrency, (row) => this.check(actor, row, monitors, options.repair, report));
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    // Stable order for callers: by schedule name, then kind.
    report.drifts.sort((a, b) => a.schedule.name.localeCompare(b.schedule.name) || a.kind.localeCompare(b.kind));
    if (options.auditClean || report.drifts.length > 0 || report.errors.length > 0) {
      const repaired = report.drifts.filter((d) => d.repaired).length;
      const after = { id: actor.teamId, repair: options.repair, checked: report.checked, drifts: report.drifts.length, repaired, errors: report.errors.length };
      await this.db.$transaction((tx) => recordAudit(tx, actor, { action: CHECKED_ACTION, targetType: 'Team', targetId: actor.teamId, after }));
    }
    return report;
  }

  private async check(actor: Actor, row: ScheduleWithMonitor, monitors: Map<string, Promise<BackendMonitor>>, repair: boolean, report: ReconcileReport) {
    const { monitor, ...schedule } = row;
    report.checked++;
    const backend = this.backends[monitor.backend];
    let target = monitors.get(monitor.id);
    if (!target) monitors.set(monitor.id, (target = loadBackendMonitor(this.db, monitor)));
    let state: BackendScheduleState | null;
    try {
      state = await backend.describeSchedule(await target, toBackendSchedule(schedule));
    } catch (error) {
      report.errors.push({ schedule, message: messageOf(error) });
      return;
    }
    const drifts = compareSchedule(schedule, state);
    if (drifts.length === 0) return;
    let outcome: { repaired: boolean; error: string | null; row: Schedule } = { repaired: false, error: null, row: schedule };
    if (repair) {
      try {
        outcome = { repaired: true, error: null, row: await repairSchedule(this.db, backend, actor, schedule, monitor, state, drifts) };
      } catch (error) {
        outcome = { repaired: false, error: messageOf(error), row: schedule };
      }
    }
    for (const d of drifts) report.drifts.push({ ...d, schedule: outcome.row, repaired: outcome.repaired, error: outcome.error });
  }

  /** Every team with schedules (or those of `only`), one after the other, as `actorOf(teamId)` (the periodic job). */
  async reconcileAll(
    actorOf: (teamId: string) => Actor, repair: boolean, onTeamError: (teamId: string, error: unknown) => void, only?: readonly string[],
  ): Promise<{ teams: number; checked: number; drifts: number; repaired: number; errors: number; failedTeams: number }> {
    const total = { teams: 0, checked: 0, drifts: 0, repaired: 0, errors: 0, failedTeams: 0 };
    for (let after: string | null = null; ;) {
      const teams = await reconcileStorage.teamsPage(this.db, after, PAGE, only);
      for (const teamId of teams) {
        total.teams++;
        let r: ReconcileReport;
        try {
          r = await this.reconcileTeam(actorOf(teamId), { repair, auditClean: false });
        } catch (error) {
          total.failedTeams++;
          onTeamError(teamId, error);
          continue;
        }
        total.checked += r.checked;
        total.drifts += r.drifts.length;
        total.repaired += r.drifts.filter((d) => d.repaired).length;
        total.errors += r.errors.length;
      }
      if (teams.length < PAGE) break;
      after = teams[teams.length - 1]!;
    }
    return total;
  }
}
