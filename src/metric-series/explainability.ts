// MODEL_EXPLAINABILITY metrics of Clarify's analysis.json:
// explanations.kernel_shap.<label>.global_shap_values{feature: value} → (feature,
// "global_shap"), expected_value → model level "expected_value", and model level "ndcg":
// the document's ndcg{label: score} when it has one (older engine reports), else the
// nDCG of the report's ranking against the baseline's (analysis.json has no score).
// Labels other than Clarify's default "label0" suffix the metric: "global_shap.<label>".
// Thresholds: ndcg from the monitor's NDCG_THRESHOLD environment variable, else
// Clarify's 0.9 (a breach below it); attributions have none.
import { z } from 'zod';
import { DEFAULT_LABEL, DEFAULT_NDCG_THRESHOLD, ndcg } from '@mmg/engine';
import { finite, MODEL_LEVEL, type MetricExtractor, type MetricValue } from './model.js';

const Label = z.object({ global_shap_values: z.record(z.string(), z.unknown()).default({}), expected_value: z.unknown().optional() });
const Analysis = z.object({
  explanations: z.object({ kernel_shap: z.record(z.string(), z.unknown()).default({}) }).optional(),
  ndcg: z.record(z.string(), z.unknown()).optional(),
});

const named = (metric: string, label: string): string => (label === DEFAULT_LABEL ? metric : `${metric}.${label}`);

/** global_shap_values per label, keeping the finite numbers. */
function attributions(doc: unknown): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const a = Analysis.safeParse(doc);
  if (!a.success) return out;
  for (const [label, entry] of Object.entries(a.data.explanations?.kernel_shap ?? {})) {
    const l = Label.safeParse(entry);
    if (l.success) out.set(label, Object.fromEntries(Object.entries(l.data.global_shap_values).filter((e): e is [string, number] => finite(e[1]) !== undefined)));
  }
  return out;
}

export const explainabilityMetrics: MetricExtractor = {
  values(report, monitor) {
    const doc = Analysis.safeParse(report.document);
    if (!doc.success) return [];
    const out: MetricValue[] = [];
    const add = (feature: string, metric: string, v: unknown) => {
      const value = finite(v);
      if (value !== undefined) out.push({ feature, metric, value });
    };
    for (const [label, entry] of Object.entries(doc.data.explanations?.kernel_shap ?? {})) {
      const l = Label.safeParse(entry);
      if (!l.success) continue;
      for (const [feature, v] of Object.entries(l.data.global_shap_values)) add(feature, named('global_shap', label), v);
      add(MODEL_LEVEL, named('expected_value', label), l.data.expected_value);
    }
    if (doc.data.ndcg) {
      for (const [label, v] of Object.entries(doc.data.ndcg)) add(MODEL_LEVEL, named('ndcg', label), v);
      return out;
    }
    const live = attributions(report.document);
    for (const [label, base] of attributions(monitor.baseline?.constraints)) {
      const cur = live.get(label);
      if (cur) add(MODEL_LEVEL, named('ndcg', label), ndcg(base, cur));
    }
    return out;
  },

  thresholds(monitor) {
    const raw = monitor.config.environment?.['NDCG_THRESHOLD']?.trim();
    const configured = raw ? Number(raw) : NaN;
    const value = Number.isFinite(configured) ? configured : DEFAULT_NDCG_THRESHOLD;
    return (feature, metric) => (feature === MODEL_LEVEL && (metric === 'ndcg' || metric.startsWith('ndcg.')) ? { value, breachedWhen: 'BELOW' } : null);
  },
};
