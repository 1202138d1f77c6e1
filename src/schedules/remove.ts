// Deleting a schedule in its backend, the one way a schedule's delete, its monitor's delete and
// its monitor's move do it.
import type { Schedule } from '../generated/prisma/client.js';
import type { OnRollback } from '../db/transaction.js';
import type { BackendMonitor, MonitoringBackend } from '../backends/types.js';
import { toBackendSchedule } from '../storage/backend-inputs.js';
import { AppError, ErrorCode } from '../shared/errors.js';

/** Deletes `row` in `backend`; if the change does not commit, the schedule comes back as it was (stopped if it was). */
export async function deleteInBackend(backend: MonitoringBackend, monitor: BackendMonitor, row: Schedule, onRollback: OnRollback): Promise<void> {
  const schedule = toBackendSchedule(row);
  // Registered before the delete: one that fails halfway (SageMaker: the schedule gone, its job
  // definition not) is undone too. A schedule the failed delete left in place is a CONFLICT: kept as it is.
  onRollback(async () => {
    try {
      await backend.createSchedule(monitor, schedule);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.CONFLICT) return;
      throw error;
    }
    if (row.status === 'STOPPED') await backend.stopSchedule(monitor, schedule);
  });
  await backend.deleteSchedule(monitor, schedule);
}
