// Bias drift, SageMaker's rule: the baseline's analysis.json is the constraints
// file, and a post-training metric is violated when its live value is further from
// the metric's ideal (1 for DI, 0 for the others) than the baseline value is.
// Baseline DPPL 0.2: live 0.1 or 0.0 pass, live -0.3 is a violation.
// A metric without a value on either side (null, an error, NaN) is not checked.
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith, pythonFloat } from '../json.js';
import type { BiasAnalysis, BiasMetricEntry, BiasSection } from './accumulator.js';

export interface BiasViolation {
  facet: string;
  facet_value: string;
  metric_name: string;
  constraint_check_type: 'bias_drift_check';
  description: string;
}

export interface BiasViolations {
  version: '1.0';
  violations: BiasViolation[];
}

/** The value a metric has when there is no bias. */
export const idealOf = (metric: string): number => (metric === 'DI' ? 1 : 0);

/** Whether `live` is further from the metric's ideal than `baseline` (false when either is not a number). */
export function isWorse(metric: string, live: number | null, baseline: number | null): boolean {
  if (live === null || baseline === null) return false;
  const ideal = idealOf(metric);
  return Math.abs(live - ideal) > Math.abs(baseline - ideal);
}

/** SageMaker's description of a bias drift violation. */
export const biasDriftDescription = (live: number, baseline: number): string =>
  `Metric value ${pythonFloat(live)} doesn't meet the baseline constraint requirement ${pythonFloat(baseline)}`;

/** Live metrics matched to the baseline's by facet and metric name (the live group's threshold text may differ, e.g. a new max). */
export function checkBiasDrift(live: BiasAnalysis, baseline: BiasAnalysis): BiasViolations {
  const violations: BiasViolation[] = [];
  const liveFacets = live.post_training_bias_metrics?.facets ?? {};
  for (const [facet, groups] of Object.entries(baseline.post_training_bias_metrics?.facets ?? {})) {
    const liveGroups = liveFacets[facet] ?? [];
    groups.forEach((g, i) => {
      const lg = liveGroups.find((x) => x.value_or_threshold === g.value_or_threshold) ?? liveGroups[i];
      if (!lg) return;
      for (const c of g.metrics) {
        const m = lg.metrics.find((x) => x.name === c.name);
        if (!m || !isWorse(c.name, m.value, c.value)) continue;
        violations.push({
          facet,
          facet_value: g.value_or_threshold,
          metric_name: c.name,
          constraint_check_type: 'bias_drift_check',
          description: biasDriftDescription(m.value!, c.value!),
        });
      }
    });
  }
  return { version: '1.0', violations };
}

// Reads Clarify's files as well as the engine's: keys Clarify may add are ignored, a
// numeric value_or_threshold is read as text, a metric that errored has value null.
const metricSchema = z.object({ name: z.string(), description: z.string().default(''), value: z.number().nullable(), error: z.string().optional() });
const sectionSchema = z.object({
  label: z.string().default(''),
  facets: z.record(z.string(), z.array(z.object({ value_or_threshold: z.union([z.string(), z.number()]).transform(String), metrics: z.array(metricSchema) }))),
  label_value_or_threshold: z.union([z.string(), z.number()]).transform(String).default(''),
});
const analysisSchema = z
  .object({
    version: z.string().default('1.0'),
    post_training_bias_metrics: sectionSchema.optional(),
    pre_training_bias_metrics: sectionSchema.optional(),
  })
  .refine((a) => a.post_training_bias_metrics !== undefined, { message: 'no post_training_bias_metrics: a bias drift baseline needs the post-training metrics' });

const asEntry = (m: z.infer<typeof metricSchema>): BiasMetricEntry =>
  m.value === null ? { name: m.name, description: m.description, value: null, error: m.error ?? '' } : { name: m.name, description: m.description, value: m.value };

/** Reads a bias baseline: Clarify's analysis.json, real or written by the engine. */
export function parseBiasConstraints(text: string): Result<BiasAnalysis> {
  const r = parseJsonWith(text, analysisSchema, 'analysis.json');
  if (!r.ok) return r;
  const section = (s: z.infer<typeof sectionSchema> | undefined): BiasSection | undefined =>
    s && { ...s, facets: Object.fromEntries(Object.entries(s.facets).map(([f, gs]) => [f, gs.map((g) => ({ value_or_threshold: g.value_or_threshold, metrics: g.metrics.map(asEntry) }))])) };
  const post = section(r.value.post_training_bias_metrics);
  const pre = section(r.value.pre_training_bias_metrics);
  return { ok: true, value: { version: '1.0', ...(post ? { post_training_bias_metrics: post } : {}), ...(pre ? { pre_training_bias_metrics: pre } : {}) } };
}
