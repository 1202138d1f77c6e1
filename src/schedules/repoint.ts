// After a monitor's definition changes (its config, or the baseline in force), every
// schedule of the monitor must run the new definition. Used inside transactWithBackend:
// each backend change registers its undo.
import type { Tx } from '../db/client.js';
import type { OnRollback } from '../db/transaction.js';
import type { BackendMonitor, MonitoringBackend } from '../backends/types.js';
import { toBackendSchedule } from '../storage/backend-inputs.js';
import { keepStopped } from './keep-stopped.js';
import { scheduleStorage } from '../storage/schedules.js';

export async function repointSchedules(
  tx: Tx,
  backend: MonitoringBackend,
  monitorId: string,
  next: BackendMonitor,
  previous: BackendMonitor,
  onRollback: OnRollback,
): Promise<void> {
  for (const s of await scheduleStorage.byMonitor(tx, monitorId)) {
    const { backendRef } = await backend.updateDefinition(next, toBackendSchedule(s));
    // An unchanged ref means the schedule itself was not updated (nothing to stop again).
    const repointed = backendRef !== s.backendRef;
    // Registered before the row is written, so a failed write still undoes the backend change.
    onRollback(async () => {
      await backend.updateDefinition(previous, { ...toBackendSchedule(s), backendRef });
      if (repointed) await keepStopped(backend, previous, toBackendSchedule(s), s.status);
    });
    if (repointed) await keepStopped(backend, next, { ...toBackendSchedule(s), backendRef }, s.status);
    await scheduleStorage.update(tx, s.id, { backendRef });
  }
}
