// Which metric series a monitor page draws, per monitor type (the names each type stores:
// src/metric-series/*.ts), and which of their points are violations (a violation names its
// series: featureName and metricName, see src/metric-series/violations.ts). Pure.

export interface SeriesKey {
  feature: string;
  metric: string;
}

export interface Point {
  time: string;
  value: number;
  executionId: string;
}

export interface Series extends SeriesKey {
  threshold: number | null;
  breachedWhen: 'ABOVE' | 'BELOW' | null;
  points: Point[];
}

export interface RunViolations {
  id: string;
  violations: Array<{ featureName: string; metricName: string | null }>;
}

/** metricSeriesList takes at most this many series; more go into further fields of the same request. */
export const SERIES_PER_FIELD = 20;
/** At most this many trend charts on a page. */
export const MAX_CHARTS = 40;

/** Model quality's headline metrics first; the others follow by name. */
const QUALITY_FIRST = ['accuracy', 'f1', 'auc', 'precision', 'recall', 'rmse', 'mae', 'r2', 'mse'];

const rank = (metric: string) => {
  const i = QUALITY_FIRST.indexOf(metric);
  return i < 0 ? QUALITY_FIRST.length : i;
};

/** The trend charts of a monitor: its type's drift or quality metrics, in the order drawn. */
export function chartKeys(type: string, names: readonly SeriesKey[]): SeriesKey[] {
  switch (type) {
    case 'DATA_QUALITY': // drift distance per feature (a p-value for ChiSquared categorical drift)
      return names.filter((n) => n.feature !== '' && (n.metric === 'baseline_drift' || n.metric === 'baseline_drift_p_value')).slice(0, MAX_CHARTS);
    case 'MODEL_QUALITY': // the problem type's metrics, model level
      return names.filter((n) => n.feature === '').sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric)).slice(0, MAX_CHARTS);
    case 'MODEL_BIAS': // Clarify's metrics per "<facet>/<value>"
      return names.filter((n) => n.feature.includes('/')).slice(0, MAX_CHARTS);
    case 'MODEL_EXPLAINABILITY': // the nDCG of the attributions' ranking against the baseline's
      return names.filter((n) => n.feature === '' && (n.metric === 'ndcg' || n.metric.startsWith('ndcg.')));
    default:
      return [];
  }
}

/** Feature attribution: each feature's global SHAP value of the default label (the bars' live side). */
export const attributionKeys = (type: string, names: readonly SeriesKey[]): SeriesKey[] =>
  type === 'MODEL_EXPLAINABILITY' ? names.filter((n) => n.feature !== '' && n.metric === 'global_shap').slice(0, SERIES_PER_FIELD) : [];

export function chunks<T>(items: readonly T[], size = SERIES_PER_FIELD): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The runs with a violation of this series. */
export function violatingRuns(runs: readonly RunViolations[], key: SeriesKey): Set<string> {
  return new Set(runs.filter((r) => r.violations.some((v) => v.featureName === key.feature && v.metricName === key.metric)).map((r) => r.id));
}

/** The points drawn as violations: those of a run that violated this series. */
export const violationPoints = (series: Series, runs: ReadonlySet<string>): Point[] => series.points.filter((p) => runs.has(p.executionId));

/** A chart's title: the feature (or "model") and the metric. */
export function seriesTitle(type: string, key: SeriesKey): string {
  const metric = key.metric === 'baseline_drift' ? 'drift distance' : key.metric === 'baseline_drift_p_value' ? 'drift p-value' : key.metric;
  if (key.feature === '') return type === 'MODEL_EXPLAINABILITY' ? `attribution ${metric}` : metric;
  return `${key.feature} · ${metric}`;
}
