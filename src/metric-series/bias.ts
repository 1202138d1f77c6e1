// MODEL_BIAS metrics of Clarify's analysis.json: post_training_bias_metrics (and
// pre_training_bias_metrics when present) `.facets.<facet>[{value_or_threshold,
// metrics[{name, value}]}]`, stored with feature "<facet>/<value_or_threshold>" and
// the metric's short name (DPPL, DI, AD, ...).
// Thresholds come from the baseline constraints, an analysis.json of the baseline
// dataset. Bias constraints are two-sided, so the threshold is the one on the
// measured value's side of the ideal (1 for DI, 0 for the others; without a value, the
// baseline value's side): SageMaker flags a value further from the ideal than the
// baseline value (threshold: the baseline value, or its mirror image across the ideal),
// and so does the built-in engine. Engine baselines written before it took that rule
// carry lower_bound/upper_bound around the baseline value (threshold: upper_bound for a
// value at or above the baseline value, else lower_bound).
import { z } from 'zod';
import { eachValid, finite, type MetricExtractor, type MetricValue, type Threshold } from './model.js';

const SECTIONS = ['pre_training_bias_metrics', 'post_training_bias_metrics'] as const;
const Metric = z.object({ name: z.string(), value: z.number().nullish(), lower_bound: z.number().optional(), upper_bound: z.number().optional() });
type Metric = z.infer<typeof Metric>;
const Group = z.object({ value_or_threshold: z.union([z.string(), z.number()]).transform(String), metrics: z.array(z.unknown()).default([]) });
const Analysis = z.record(z.string(), z.unknown());
const Section = z.object({ facets: z.record(z.string(), z.array(z.unknown())) });

/** Every metric of the document, with its feature name. */
function metricsOf(doc: unknown): Array<{ feature: string; metric: Metric }> {
  const root = Analysis.safeParse(doc);
  if (!root.success) return [];
  return SECTIONS.flatMap((name) => {
    const section = Section.safeParse(root.data[name]);
    if (!section.success) return [];
    return Object.entries(section.data.facets).flatMap(([facet, groups]) =>
      eachValid(groups, (g) => Group.safeParse(g)).flatMap((g) =>
        eachValid(g.metrics, (m) => Metric.safeParse(m)).map((metric) => ({ feature: `${facet}/${g.value_or_threshold}`, metric }))));
  });
}

const ideal = (name: string): number => (name === 'DI' ? 1 : 0);

function thresholdOf(m: Metric, value: number | undefined): Threshold | null {
  const base = finite(m.value);
  if (base === undefined) return null;
  if (m.lower_bound !== undefined || m.upper_bound !== undefined) {
    const above = value !== undefined ? value >= base : base >= ideal(m.name);
    const bound = above ? m.upper_bound : m.lower_bound;
    return bound === undefined ? null : { value: bound, breachedWhen: above ? 'ABOVE' : 'BELOW' };
  }
  const i = ideal(m.name);
  const distance = Math.abs(base - i);
  return (value ?? base) >= i ? { value: i + distance, breachedWhen: 'ABOVE' } : { value: i - distance, breachedWhen: 'BELOW' };
}

export const biasMetrics: MetricExtractor = {
  values(report) {
    return metricsOf(report.document).flatMap(({ feature, metric }): MetricValue[] => {
      const value = finite(metric.value);
      return value === undefined ? [] : [{ feature, metric: metric.name, value }];
    });
  },

  thresholds(monitor) {
    const found = new Map<string, Metric>();
    for (const { feature, metric } of metricsOf(monitor.baseline?.constraints)) found.set(`${feature}\n${metric.name}`, metric);
    return (feature, metric, value) => {
      const m = found.get(`${feature}\n${metric}`);
      return m ? thresholdOf(m, value) : null;
    };
  },
};
