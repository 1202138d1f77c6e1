// Deleting a schedule in its backend, the one way both a schedule's delete and its monitor's
// delete do it.
import type { Schedule } from '../generated/prisma/client.js';
import type { OnRollback } from '../db/transaction.js';
import type { BackendMonitor, MonitoringBackend } from '../backends/types.js';
import { toBackendSchedule } from '../storage/backend-inputs.js';

/** Deletes `row` in `backend`; if the change does not commit, the schedule comes back as it was (stopped if it was). */
export async function deleteInBackend(backend: MonitoringBackend, monitor: BackendMonitor, row: Schedule, onRollback: OnRollback): Promise<void> {
  const schedule = toBackendSchedule(row);
  await backend.deleteSchedule(monitor, schedule);
  onRollback(async () => {
    await backend.createSchedule(monitor, schedule);
    if (row.status === 'STOPPED') await backend.stopSchedule(monitor, schedule);
  });
}
