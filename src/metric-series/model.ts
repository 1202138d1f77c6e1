// What a metric extractor produces and consumes. Extractors are pure: they read
// one execution's report document and the monitor's baseline, never I/O.
import type { BackendMonitor, ReportViolation } from '../backends/types.js';

/** Model-level metrics (no feature) are stored under this feature name. */
export const MODEL_LEVEL = '';

/** Which side of the threshold is a breach. */
export type ThresholdSide = 'ABOVE' | 'BELOW';

export interface Threshold {
  value: number;
  breachedWhen: ThresholdSide;
}

/** One number of one execution's report. */
export interface MetricValue {
  feature: string;
  metric: string;
  value: number;
}

export interface MetricSample extends MetricValue {
  threshold: number | null;
}

/** The monitor as the extractors see it: its configuration and the baseline in force. */
export type MonitorView = Pick<BackendMonitor, 'config' | 'baseline'>;

/** The report of one execution: its document (statistics.json or analysis.json) and its violations. */
export interface ReportInput {
  document: unknown;
  violations: readonly ReportViolation[];
}

/**
 * The baseline's threshold of (feature, metric), null when the baseline sets none.
 * `value`: the measured value, for two-sided constraints (bias), whose threshold is the
 * bound on the value's side; without it, a default side.
 */
export type ThresholdTable = (feature: string, metric: string, value?: number) => Threshold | null;

export interface MetricExtractor {
  values(report: ReportInput, monitor: MonitorView): MetricValue[];
  thresholds(monitor: MonitorView): ThresholdTable;
}

/** A finite number, else undefined (reports may hold null, "NaN" or strings). */
export const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Parses each element on its own, so one malformed entry does not drop the others. */
export function eachValid<T>(items: readonly unknown[], parse: (x: unknown) => { success: true; data: T } | { success: false }): T[] {
  return items.flatMap((x) => {
    const r = parse(x);
    return r.success ? [r.data] : [];
  });
}

export const noThresholds: ThresholdTable = () => null;
