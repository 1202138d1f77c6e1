// SageMaker's UpdateMonitoringSchedule activates a Stopped schedule (it goes Pending, then
// Scheduled: the SageMaker Python SDK's integration tests stop a schedule, update it and
// expect "Scheduled"). A schedule the gateway holds STOPPED is therefore stopped again after
// every backend update, and the undo of that update does the same.
import type { BackendMonitor, BackendSchedule, MonitoringBackend } from '../backends/types.js';
import type { ScheduleStatus } from '../generated/prisma/client.js';

/** Stops `schedule` again when the gateway holds it STOPPED; a no-op otherwise. */
export async function keepStopped(backend: MonitoringBackend, monitor: BackendMonitor, schedule: BackendSchedule, status: ScheduleStatus): Promise<void> {
  if (status === 'STOPPED') await backend.stopSchedule(monitor, schedule);
}
