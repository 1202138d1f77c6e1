// Moving a monitor's schedules to another backend (the monitor moves there). Used inside
// transactWithBackend: every schedule is first created in the target with the baseline in
// force (stopped again if the gateway holds it STOPPED), then deleted where it was; each
// backend change registers its undo, so a failed move leaves both backends as they were.
import type { Tx } from '../db/client.js';
import type { OnRollback } from '../db/transaction.js';
import type { Schedule } from '../generated/prisma/client.js';
import type { BackendMonitor, MonitoringBackend } from '../backends/types.js';
import { toBackendSchedule } from '../storage/backend-inputs.js';
import { scheduleStorage } from '../storage/schedules.js';
import { keepStopped } from './keep-stopped.js';
import { deleteInBackend } from './remove.js';

/** Moves `rows` (every schedule of `monitor`); returns them as stored after the move, in the same order. */
export async function moveSchedules(
  tx: Tx,
  from: MonitoringBackend,
  to: MonitoringBackend,
  monitor: BackendMonitor,
  rows: readonly Schedule[],
  onRollback: OnRollback,
): Promise<Schedule[]> {
  const refs = new Map<string, string | null>();
  for (const s of rows) {
    // A finished one-time schedule is history: created again, it would run again.
    if (s.status === 'COMPLETED') continue;
    const target = toBackendSchedule({ ...s, backendName: to.scheduleNameFor?.(s.teamId, s.name) ?? null, backendRef: null });
    const { backendRef } = await to.createSchedule(monitor, target);
    onRollback(() => to.deleteSchedule(monitor, { ...target, backendRef }));
    await keepStopped(to, monitor, { ...target, backendRef }, s.status);
    refs.set(s.id, backendRef);
  }
  for (const s of rows) {
    if (s.status === 'COMPLETED') await from.deleteSchedule(monitor, toBackendSchedule(s));
    else await deleteInBackend(from, monitor, s, onRollback);
  }
  const moved: Schedule[] = [];
  for (const s of rows) {
    moved.push(await scheduleStorage.update(tx, s.id, {
      backendRef: refs.get(s.id) ?? null,
      backendName: to.scheduleNameFor?.(s.teamId, s.name) ?? null,
      // A schedule made anew runs (a FAILED one too); a stopped one stays stopped.
      status: s.status === 'STOPPED' || s.status === 'COMPLETED' ? s.status : 'SCHEDULED',
    }));
  }
  return moved;
}
