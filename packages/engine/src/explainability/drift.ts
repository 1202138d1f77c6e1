// Feature attribution drift (Clarify): nDCG of the live ranking against the
// baseline ranking, over all features (as the SageMaker docs and sklearn's ndcg_score).
//   Let F(f) = baseline global attribution of feature f, x_1..x_n = the features by
//   LIVE attribution, y_1..y_n = the features by BASELINE attribution.
//   DCG  = Σ_{i=1..n} F(x_i) / log2(i+1)
//   iDCG = Σ_{i=1..n} F(y_i) / log2(i+1)
//   nDCG = DCG / iDCG ∈ [0,1]; 1 when the live order equals the baseline's.
// Features tied in the live ranking share the mean of their gains (sklearn's
// default, ignore_ties=False). A feature missing from the live window has live
// attribution 0; one unknown to the baseline has relevance 0.
// Violation when nDCG < threshold (default 0.90).
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith, pythonFloat } from '../json.js';
import type { ExplainabilityAnalysis } from './attribution.js';

export const DEFAULT_NDCG_THRESHOLD = 0.9;

export interface AttributionViolation {
  label: string;
  metric_name: 'shap';
  constraint_check_type: 'feature_attribution_drift_check';
  description: string;
}

export interface AttributionViolations {
  version: '1.0';
  violations: AttributionViolation[];
}

const discount = (i: number): number => 1 / Math.log2(i + 2);

/** Σ gain·discount with `order` ranked by `score` descending, tied scores sharing their mean gain. */
function dcg(gain: (f: string) => number, score: (f: string) => number, features: string[]): number {
  const order = [...features].sort((a, b) => score(b) - score(a));
  let total = 0;
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && score(order[j]!) === score(order[i]!)) j++;
    let gains = 0;
    let discounts = 0;
    for (let k = i; k < j; k++) {
      gains += gain(order[k]!);
      discounts += discount(k);
    }
    total += (gains / (j - i)) * discounts;
    i = j;
  }
  return total;
}

export function ndcg(baseline: Record<string, number>, live: Record<string, number>): number {
  const features = [...new Set([...Object.keys(baseline), ...Object.keys(live)])];
  const relevance = (f: string) => baseline[f] ?? 0;
  const idcg = dcg(relevance, relevance, features);
  return idcg === 0 ? 1 : dcg(relevance, (f) => live[f] ?? 0, features) / idcg;
}

/** SageMaker's description of a feature attribution drift violation. */
export const attributionDriftDescription = (score: number, threshold: number): string =>
  `Feature attribution drift ${pythonFloat(score)} exceeds threshold ${pythonFloat(threshold)}`;

/** One check per label present in the baseline; a label missing from the live analysis scores 0. */
export function checkAttributionDrift(
  live: ExplainabilityAnalysis,
  baseline: ExplainabilityAnalysis,
  opts: { threshold?: number } = {},
): AttributionViolations & { ndcg: Record<string, number> } {
  const threshold = opts.threshold ?? DEFAULT_NDCG_THRESHOLD;
  const violations: AttributionViolation[] = [];
  const scores: Record<string, number> = {};
  for (const [label, base] of Object.entries(baseline.explanations.kernel_shap)) {
    const cur = live.explanations.kernel_shap[label];
    const score = cur ? ndcg(base.global_shap_values, cur.global_shap_values) : 0;
    scores[label] = score;
    if (score < threshold) {
      violations.push({ label, metric_name: 'shap', constraint_check_type: 'feature_attribution_drift_check', description: attributionDriftDescription(score, threshold) });
    }
  }
  return { version: '1.0', violations, ndcg: scores };
}

// Clarify's files may carry more (pdp, global_top_shap_text, other methods): ignored.
const analysisSchema = z.object({
  version: z.literal('1.0').default('1.0'),
  explanations: z.object({
    kernel_shap: z.record(z.string(), z.object({ global_shap_values: z.record(z.string(), z.number()), expected_value: z.number().default(0) })),
  }),
});

/** Reads a baseline analysis.json / constraints file of the explainability monitor. */
export function parseExplainabilityAnalysis(text: string): Result<ExplainabilityAnalysis> {
  return parseJsonWith(text, analysisSchema, 'analysis.json');
}
