// Where a monitor's inputs are and where its reports go.
//
// Capture-location convention (endpoint monitors): captures of endpoint E are read
// from `{captureRoot}/{E}/{variant}/yyyy/mm/dd/hh/*.jsonl`, SageMaker's data
// capture layout under the endpoint's capture destination. `captureRoot` is the
// backend's `captureRoot` option; a monitor overrides it with the environment
// variable DATA_CAPTURE_S3_URI, and the variant (default AllTraffic) with
// DATA_CAPTURE_VARIANT. Batch-transform monitors read
// `{dataCapturedDestinationS3Uri}/yyyy/mm/dd/hh/*.jsonl`. Ground truth:
// `{groundTruthS3Uri}/yyyy/mm/dd/hh/*.jsonl`.
//
// Reports: `{outputS3Uri}/{endpointName|batch}/{scheduleName}/yyyy/mm/dd/hh/`
// (the scheduled hour); baselines: `{outputS3Uri}/baselines/{baselineId}/`.
// File names as SageMaker writes them: statistics.json + constraints.json (data and
// model quality), Clarify's analysis.json (bias and explainability), and
// constraint_violations.json for every run.
import { computeAnalysisWindow, err, hourPartition, hourPartitionPrefixes, ok, type Result, type TimeWindow } from '@mmg/engine';
import { joinUri } from '@mmg/engine/io';
import type { BackendMonitor, BackendSchedule } from '../../backends/types.js';
import type { MonitorType } from '../../kernel/monitor-config.js';

export const DEFAULT_VARIANT = 'AllTraffic';

/** The capture partitions of a window, and a description for failure reasons. */
export function capturePrefixes(monitor: BackendMonitor, captureRoot: string | undefined, w: TimeWindow): Result<{ prefixes: string[]; where: string }> {
  const { config } = monitor;
  if (config.batchTransformInput) {
    const prefix = config.batchTransformInput.dataCapturedDestinationS3Uri;
    return ok({ prefixes: hourPartitionPrefixes({ prefix }, w), where: `${prefix.replace(/\/+$/, '')}/` });
  }
  const endpoint = config.endpointInput?.endpointName;
  const root = config.environment?.['DATA_CAPTURE_S3_URI'] ?? captureRoot;
  if (!endpoint) return err({ kind: 'INVALID_CONFIG', message: 'the monitor has neither an endpoint nor a batch transform input' });
  if (!root) {
    return err({ kind: 'INVALID_CONFIG', message: `no data capture location for endpoint ${endpoint}: set the engine's capture root or the monitor's environment variable DATA_CAPTURE_S3_URI` });
  }
  const variant = config.environment?.['DATA_CAPTURE_VARIANT'] ?? DEFAULT_VARIANT;
  return ok({ prefixes: hourPartitionPrefixes({ prefix: root, endpoint, variant }, w), where: `${joinUri(root, endpoint, variant)}/` });
}

/** The window a run at `scheduledTime` analyses (ONE_TIME: the schedule's window; cron: the input's offsets). */
export function analysisWindow(monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date): Result<TimeWindow> {
  const { spec } = schedule;
  if (spec.expression === 'NOW') {
    if (!spec.dataAnalysisStartTime || !spec.dataAnalysisEndTime) {
      return err({ kind: 'INVALID_WINDOW', message: 'a one-time schedule needs both dataAnalysisStartTime and dataAnalysisEndTime' });
    }
    return computeAnalysisWindow(scheduledTime, { kind: 'oneTime', dataAnalysisStartTime: spec.dataAnalysisStartTime, dataAnalysisEndTime: spec.dataAnalysisEndTime });
  }
  const input = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
  return computeAnalysisWindow(scheduledTime, {
    kind: 'scheduled',
    ...(input?.startTimeOffset !== undefined ? { startTimeOffset: input.startTimeOffset } : {}),
    ...(input?.endTimeOffset !== undefined ? { endTimeOffset: input.endTimeOffset } : {}),
  });
}

export function reportPrefix(monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date): string {
  const source = monitor.config.endpointInput?.endpointName ?? 'batch';
  return joinUri(monitor.config.outputS3Uri, source, schedule.name, hourPartition(scheduledTime)) + '/';
}

export const baselinePrefix = (monitor: BackendMonitor, baselineId: string): string =>
  joinUri(monitor.config.outputS3Uri, 'baselines', baselineId) + '/';

/** "2026-11-22T10:00Z–11:00Z" (the end's date is shown when it differs). */
export function describeWindow(w: TimeWindow): string {
  const s = w.start.toISOString().slice(0, 16) + 'Z';
  const e = w.end.toISOString();
  return `${s}–${e.slice(0, 10) === s.slice(0, 10) ? e.slice(11, 16) : e.slice(0, 16)}Z`;
}

const CLARIFY = new Set<MonitorType>(['MODEL_BIAS', 'MODEL_EXPLAINABILITY']);

/**
 * The files a baseline's two documents and a run's report document are written to. A
 * Clarify baseline's analysis.json is both its statistics and its constraints, as
 * SageMaker's bias and explainability baselines are.
 */
export function reportFiles(type: MonitorType): { statistics: string; constraints: string; report: string; formerReport?: string } {
  if (!CLARIFY.has(type)) return { statistics: 'statistics.json', constraints: 'constraints.json', report: 'statistics.json' };
  // Runs written before the report was named as Clarify names it wrote statistics.json.
  return { statistics: 'analysis.json', constraints: 'analysis.json', report: 'analysis.json', formerReport: 'statistics.json' };
}

/** Clarify's analysis configuration, which a bias baseline job writes beside analysis.json (see bias.ts). */
export const ANALYSIS_CONFIG = 'analysis_config.json';
