// Bias drift: baseline analysis.json → constraints with bounds per metric; a
// violation when a live metric leaves its bounds.
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith } from '../json.js';
import { BIAS_METRIC_DESCRIPTIONS, type BiasMetricName } from './metrics.js';
import type { BiasAnalysis, BiasMetricEntry } from './accumulator.js';

export interface BoundedMetric extends BiasMetricEntry {
  lower_bound: number;
  upper_bound: number;
}

/** analysis.json shape (SageMaker uses it as the bias constraints file) with bounds added to each metric. */
export interface BiasConstraints {
  version: '1.0';
  post_training_bias_metrics: {
    label: string;
    facets: Record<string, Array<{ value_or_threshold: string; metrics: BoundedMetric[] }>>;
    label_value_or_threshold: string;
  };
}

export interface BiasViolation {
  facet: string;
  facet_value: string;
  metric_name: string;
  constraint_check_type: 'bias_drift_check';
  description: string;
}

export interface BiasBoundsOptions {
  absoluteTolerance?: number;
  relativeTolerance?: number;
  /** Bootstrap standard deviations from BiasAccumulator.metricStdDevs() of the baseline run. */
  stdDevs?: Partial<Record<BiasMetricName, number>>;
  zScore?: number;
}

/**
 * Bounds = baseline value ± max(absoluteTolerance, relativeTolerance·|value|,
 * zScore·bootstrap sd) (defaults 0.1, 0.1, 3). The sd term keeps noisy metrics
 * (TE, DCA, DCR: ratios of small counts) from firing on sampling noise; it is
 * the baseline's sd, so windows much smaller than the baseline are noisier
 * than the bounds assume. Users may edit lower_bound/upper_bound afterwards.
 */
export function suggestBiasConstraints(baseline: BiasAnalysis, opts: BiasBoundsOptions = {}): BiasConstraints {
  const abs = opts.absoluteTolerance ?? 0.1;
  const rel = opts.relativeTolerance ?? 0.1;
  const z = opts.zScore ?? 3;
  const facets: BiasConstraints['post_training_bias_metrics']['facets'] = {};
  for (const [facet, groups] of Object.entries(baseline.post_training_bias_metrics.facets)) {
    facets[facet] = groups.map((g) => ({
      value_or_threshold: g.value_or_threshold,
      metrics: g.metrics.map((m) => {
        const tol = Math.max(abs, rel * Math.abs(m.value), z * (opts.stdDevs?.[m.name] ?? 0));
        return { ...m, lower_bound: m.value - tol, upper_bound: m.value + tol };
      }),
    }));
  }
  return { version: '1.0', post_training_bias_metrics: { ...baseline.post_training_bias_metrics, facets } };
}

/** Live metrics matched to constraints by facet name and metric name (the live group's threshold text may differ, e.g. a new max). */
export function checkBiasDrift(live: BiasAnalysis, constraints: BiasConstraints): { violations: BiasViolation[] } {
  const violations: BiasViolation[] = [];
  for (const [facet, groups] of Object.entries(constraints.post_training_bias_metrics.facets)) {
    const liveGroups = live.post_training_bias_metrics.facets[facet] ?? [];
    groups.forEach((g, i) => {
      const lg = liveGroups.find((x) => x.value_or_threshold === g.value_or_threshold) ?? liveGroups[i];
      if (!lg) return;
      for (const c of g.metrics) {
        const m = lg.metrics.find((x) => x.name === c.name);
        if (!m) continue;
        if (m.value < c.lower_bound || m.value > c.upper_bound) {
          violations.push({
            facet,
            facet_value: g.value_or_threshold,
            metric_name: c.name,
            constraint_check_type: 'bias_drift_check',
            description: `${c.description}: value ${+m.value.toFixed(6)} is outside the baseline bounds [${+c.lower_bound.toFixed(6)}, ${+c.upper_bound.toFixed(6)}] (baseline value ${+c.value.toFixed(6)})`,
          });
        }
      }
    });
  }
  return { violations };
}

const metricSchema = z.object({
  name: z.enum(Object.keys(BIAS_METRIC_DESCRIPTIONS) as [BiasMetricName, ...BiasMetricName[]]),
  description: z.string(),
  value: z.number(),
  lower_bound: z.number(),
  upper_bound: z.number(),
});
const constraintsSchema = z.object({
  version: z.literal('1.0').default('1.0'),
  post_training_bias_metrics: z.object({
    label: z.string(),
    facets: z.record(z.string(), z.array(z.object({ value_or_threshold: z.string(), metrics: z.array(metricSchema) }))),
    label_value_or_threshold: z.string(),
  }),
});

/** Reads bias constraints written by suggestBiasConstraints (and possibly edited by users). */
export function parseBiasConstraints(text: string): Result<BiasConstraints> {
  return parseJsonWith(text, constraintsSchema, 'constraints.json') as Result<BiasConstraints>;
}
