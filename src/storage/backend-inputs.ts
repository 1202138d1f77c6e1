// Database rows → what a MonitoringBackend is given.
import type { Baseline, Monitor, Schedule } from '../generated/prisma/client.js';
import { parseStoredConfig } from '../kernel/monitor-config.js';
import { buildScheduleConfig } from '../kernel/schedule-config.js';
import type { ScheduleSpec } from '../kernel/rules/schedule.js';
import type { BackendMonitor, BackendSchedule } from '../backends/types.js';
import type { Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { baselineStorage } from './baselines.js';

export function toBackendMonitor(row: Monitor, baseline: Baseline | null): BackendMonitor {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    type: row.type,
    config: parseStoredConfig(row.config),
    baseline: baseline ? { id: baseline.id, version: baseline.version, statistics: baseline.statistics, constraints: baseline.constraints } : null,
  };
}

/** The monitor as a backend sees it, with the baseline in force (newest COMPLETED version). */
export async function loadBackendMonitor(db: Db | Tx, row: Monitor): Promise<BackendMonitor> {
  const [active] = await baselineStorage.activeByMonitors(db, [row.id]);
  return toBackendMonitor(row, active ?? null);
}

export function specOf(row: Pick<Schedule, 'expression' | 'dataAnalysisStartTime' | 'dataAnalysisEndTime'>): ScheduleSpec {
  return { expression: row.expression, dataAnalysisStartTime: row.dataAnalysisStartTime, dataAnalysisEndTime: row.dataAnalysisEndTime };
}

export function toBackendSchedule(row: Schedule): BackendSchedule {
  const spec = specOf(row);
  return { id: row.id, name: row.backendName ?? row.name, spec, scheduleConfig: buildScheduleConfig(spec), backendRef: row.backendRef };
}
