// The numbers of one execution's report, each with the baseline's threshold: one
// extractor per monitor type, all pure (no I/O). A document an extractor cannot
// read yields no numbers (the report itself was accepted: metrics never fail a sync).
import type { MonitorType } from '../kernel/monitor-config.js';
import { biasMetrics } from './bias.js';
import { dataQualityMetrics } from './data-quality.js';
import { explainabilityMetrics } from './explainability.js';
import { modelQualityMetrics } from './model-quality.js';
import type { MetricExtractor, MetricSample, MonitorView, ReportInput, Threshold } from './model.js';

const EXTRACTORS: Record<MonitorType, MetricExtractor> = {
  DATA_QUALITY: dataQualityMetrics,
  MODEL_QUALITY: modelQualityMetrics,
  MODEL_BIAS: biasMetrics,
  MODEL_EXPLAINABILITY: explainabilityMetrics,
};

/** The report's metrics, one per (feature, metric) (the first wins), with the thresholds of `monitor`'s baseline. */
export function metricSamples(type: MonitorType, monitor: MonitorView, report: ReportInput): MetricSample[] {
  const x = EXTRACTORS[type];
  const table = x.thresholds(monitor);
  const seen = new Set<string>();
  return x.values(report, monitor).flatMap((v) => {
    const key = `${v.feature}\n${v.metric}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...v, threshold: table(v.feature, v.metric, v.value)?.value ?? null }];
  });
}

/** The threshold `monitor`'s baseline sets for (feature, metric) (on the side of `value`, if two-sided), null when none. */
export function metricThreshold(type: MonitorType, monitor: MonitorView, feature: string, metric: string, value?: number): Threshold | null {
  return EXTRACTORS[type].thresholds(monitor)(feature, metric, value);
}
