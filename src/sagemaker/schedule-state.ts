// DescribeMonitoringSchedule's answer → the seam's BackendScheduleState.
import type { BackendScheduleState } from '../backends/types.js';

const SCHEDULE_STATUS: Record<string, BackendScheduleState['status']> = {
  Pending: 'PENDING', Scheduled: 'SCHEDULED', Stopped: 'STOPPED', Failed: 'FAILED',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function toScheduleState(out: Record<string, unknown>): BackendScheduleState {
  const config = (out['MonitoringScheduleConfig'] ?? {}) as Record<string, unknown>;
  const timing = (config['ScheduleConfig'] ?? {}) as Record<string, unknown>;
  return {
    // An unknown status is reported as it is named, never mistaken for a healthy one.
    status: SCHEDULE_STATUS[String(out['MonitoringScheduleStatus'])] ?? 'FAILED',
    expression: text(timing['ScheduleExpression']) ?? '',
    dataAnalysisStartTime: text(timing['DataAnalysisStartTime']),
    dataAnalysisEndTime: text(timing['DataAnalysisEndTime']),
    definitionRef: text(config['MonitoringJobDefinitionName']),
    failureReason: text(out['FailureReason']) ?? (SCHEDULE_STATUS[String(out['MonitoringScheduleStatus'])] ? null : `unknown status ${String(out['MonitoringScheduleStatus'])}`),
  };
}
