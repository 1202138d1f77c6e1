// A team's latest metric values in the Prometheus text exposition format (0.0.4), named after
// the CloudWatch metrics SageMaker emits (README, "Team metrics for Prometheus"): the
// CloudWatch name's variable part (feature, facet, label) is a label here. Pure: rows in,
// text out. A metric without a CloudWatch counterpart (std_dev, distinct_count, item_count)
// is left to the API (metricSeries). No sample timestamps: Prometheus refuses samples older
// than its head block, and a daily monitor's latest value is older than that.
import { DEFAULT_LABEL } from '@mmg/engine';
import type { LatestPoint } from '../storage/metric-series.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Family {
  name: string;
  help: string;
  /** Labels beyond the common ones (monitor, monitor_id, monitor_type, endpoint, feature). */
  labels: Record<string, string>;
}

const DATA_QUALITY: Record<string, [string, string]> = {
  max: ['mmg_feature_data_max', 'CloudWatch feature_data_{feature}, Stat Max'],
  min: ['mmg_feature_data_min', 'CloudWatch feature_data_{feature}, Stat Min'],
  sum: ['mmg_feature_data_sum', 'CloudWatch feature_data_{feature}, Stat Sum'],
  sample_count: ['mmg_feature_data_sample_count', 'CloudWatch feature_data_{feature}, Stat SampleCount'],
  mean: ['mmg_feature_data_average', 'CloudWatch feature_data_{feature}, Stat Average'],
  completeness: ['mmg_feature_non_null', 'completeness; CloudWatch feature_non_null_{feature}'],
  baseline_drift: ['mmg_feature_baseline_drift', 'drift distance from the baseline; CloudWatch feature_baseline_drift_{feature}'],
  baseline_drift_p_value: ['mmg_feature_baseline_drift_p_value', 'ChiSquared p-value of a categorical feature against the baseline (no CloudWatch counterpart)'],
};

/** A metric name's part made of what Prometheus allows ([a-zA-Z0-9_]). */
const safe = (s: string): string => s.replace(/[^a-zA-Z0-9_]/g, '_');

/** "<metric>" or "<metric>.<label>" (explainability): the metric and its label. */
function labelled(metric: string): [string, string] {
  const dot = metric.indexOf('.');
  return dot < 0 ? [metric, DEFAULT_LABEL] : [metric.slice(0, dot), metric.slice(dot + 1)];
}

/** The family of a stored point, or null when it has none here. */
export function familyOf(row: Pick<LatestPoint, 'monitorType' | 'feature' | 'metric'>): Family | null {
  switch (row.monitorType) {
    case 'DATA_QUALITY': {
      const f = DATA_QUALITY[row.metric];
      return f ? { name: f[0], help: `Data quality, latest per feature: ${f[1]}`, labels: {} } : null;
    }
    case 'MODEL_QUALITY':
      return { name: `mmg_model_metric_${safe(row.metric)}`, help: `Model quality, latest ${row.metric}; CloudWatch model-metrics ${row.metric}`, labels: {} };
    case 'MODEL_BIAS': {
      const slash = row.feature.indexOf('/');
      const [facet, value] = slash < 0 ? [row.feature, ''] : [row.feature.slice(0, slash), row.feature.slice(slash + 1)];
      return { name: `mmg_bias_metric_${safe(row.metric)}`, help: `Bias drift, latest ${row.metric} per facet value; CloudWatch bias_metric_${row.metric}`, labels: { facet, facet_value: value } };
    }
    case 'MODEL_EXPLAINABILITY': {
      const [metric, label] = labelled(row.metric);
      if (metric === 'global_shap') return { name: 'mmg_explainability_global_shap', help: 'Feature attribution, latest global SHAP value per feature; CloudWatch feature_{feature}, ValueType GlobalShapValues', labels: { label } };
      if (metric === 'expected_value') return { name: 'mmg_explainability_expected_value', help: 'Feature attribution, latest expected value; CloudWatch ExpectedValue', labels: { label } };
      if (metric === 'ndcg') return { name: 'mmg_explainability_ndcg', help: 'Feature attribution drift, latest nDCG of the attribution ranking against the baseline (the drift check\'s number)', labels: { label } };
      return null;
    }
    default:
      return null;
  }
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const labelText = (labels: Record<string, string>): string => `{${Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

interface Series { labels: Record<string, string>; value: number }

function monitorLabels(r: LatestPoint): Record<string, string> {
  return { monitor: r.monitorName, monitor_id: r.monitorId, monitor_type: r.monitorType, endpoint: r.endpointName ?? '' };
}

function block(out: string[], name: string, help: string, series: Series[]): void {
  if (series.length === 0) return;
  out.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`);
  for (const s of series) out.push(`${name}${labelText(s.labels)} ${String(s.value)}`);
}

/**
 * The exposition of a team's latest points: per family its value, and `<family>_threshold`
 * (the threshold stored with that same point, same labels) where it has one; per monitor the
 * scheduled time of its newest report, mmg_monitor_last_report_timestamp_seconds.
 */
export function exposition(rows: readonly LatestPoint[], truncated = false): string {
  const sorted = [...rows].sort((a, b) => a.monitorName.localeCompare(b.monitorName) || a.monitorId.localeCompare(b.monitorId)
    || a.feature.localeCompare(b.feature) || a.metric.localeCompare(b.metric));
  const families = new Map<string, { help: string; values: Series[]; thresholds: Series[] }>();
  const newest = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const r of sorted) {
    const base = monitorLabels(r);
    const at = newest.get(r.monitorId);
    if (!at || r.time.getTime() / 1000 > at.value) newest.set(r.monitorId, { labels: base, value: r.time.getTime() / 1000 });
    const family = familyOf(r);
    if (!family) continue;
    const labels = { ...base, feature: r.feature, ...family.labels };
    const entry = families.get(family.name) ?? { help: family.help, values: [], thresholds: [] };
    families.set(family.name, entry);
    entry.values.push({ labels, value: r.value });
    if (r.threshold !== null) entry.thresholds.push({ labels, value: r.threshold });
  }
  const out: string[] = [];
  if (truncated) out.push(`# Truncated: the team has more series than this answer holds (${rows.length}).`);
  for (const name of [...families.keys()].sort()) {
    const f = families.get(name)!;
    block(out, name, f.help, f.values);
    block(out, `${name}_threshold`, `The baseline's threshold of ${name}, stored with its latest value`, f.thresholds);
  }
  block(out, 'mmg_monitor_last_report_timestamp_seconds', 'Scheduled time of the monitor\'s newest execution with metrics (Unix seconds)', [...newest.values()]);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
