// Repairs one schedule's drift through the ordinary backend calls, inside a transaction
// that holds the row's lock and writes the audit row (`schedule.reconciled`); each
// backend change registers its undo, so a failed repair leaves the backend as found.
import { recordAudit } from '../storage/audit.js';
import { loadBackendMonitor, toBackendSchedule } from '../storage/backend-inputs.js';
import type { BackendSchedule, BackendScheduleState, MonitoringBackend } from '../backends/types.js';
import type { Db } from '../db/client.js';
import { transactWithBackend } from '../db/transaction.js';
import type { Monitor, Schedule } from '../generated/prisma/client.js';
import { buildScheduleConfig } from '../kernel/schedule-config.js';
import { scheduleStorage } from '../storage/schedules.js';
import { conflict } from '../shared/errors.js';
import type { Actor } from '../kernel/caller.js';
import { repairPlan, type Drift } from './compare.js';
import { reconcileStorage } from '../storage/reconcile.js';

export const RECONCILED_ACTION = 'schedule.reconciled';

/** The schedule as the backend had it, to put it back if the repair does not commit. */
function asFound(schedule: BackendSchedule, state: BackendScheduleState): BackendSchedule {
  const spec = { expression: state.expression, dataAnalysisStartTime: state.dataAnalysisStartTime, dataAnalysisEndTime: state.dataAnalysisEndTime };
  return { ...schedule, spec, scheduleConfig: buildScheduleConfig(spec), backendRef: state.definitionRef ?? schedule.backendRef };
}

/**
 * Makes the backend match `row` (read before `state` was described). Refused with CONFLICT
 * when the row changed meanwhile: the change that did it also changed the backend.
 */
export async function repairSchedule(
  db: Db, backend: MonitoringBackend, actor: Actor, row: Schedule, monitor: Monitor, state: BackendScheduleState | null, drifts: readonly Drift[],
): Promise<Schedule> {
  const steps = repairPlan(row, state, drifts);
  return transactWithBackend(db, async (tx, onRollback) => {
    const locked = await reconcileStorage.lock(tx, row.id);
    if (locked?.updatedAt.getTime() !== row.updatedAt.getTime()) throw conflict(`Schedule "${row.name}" changed during the reconcile; the next run checks it again`);
    const target = await loadBackendMonitor(tx, monitor);
    let after = row;
    let schedule = toBackendSchedule(row);
    for (const step of steps) {
      const current = schedule;
      if (step === 'recreate') {
        // What is left of a FAILED schedule goes first (it cannot be restored, so no undo).
        if (state) await backend.deleteSchedule(target, asFound(current, state));
        const { backendRef } = await backend.createSchedule(target, current);
        onRollback(() => backend.deleteSchedule(target, { ...current, backendRef }));
        after = await scheduleStorage.update(tx, row.id, { backendRef });
        schedule = toBackendSchedule(after);
      } else if (step === 'update') {
        await backend.updateSchedule(target, current);
        if (state) onRollback(() => backend.updateSchedule(target, asFound(current, state)));
      } else if (step === 'start') {
        await backend.startSchedule(target, current);
        onRollback(() => backend.stopSchedule(target, current));
      } else {
        await backend.stopSchedule(target, current);
        if (state?.status !== 'STOPPED') onRollback(() => backend.startSchedule(target, current));
      }
    }
    await recordAudit(tx, actor, {
      action: RECONCILED_ACTION, targetType: 'Schedule', targetId: row.id,
      before: { ...row, backend: state },
      after: { ...after, drifts: drifts.map((d) => d.kind), repairs: steps },
    });
    return after;
  });
}
