// Feature attribution drift (Clarify style): NDCG of the live ranking against
// the baseline ranking.
//   Let F(f) = baseline global attribution of feature f, x_1..x_k = the top-k
//   features by LIVE attribution, y_1..y_k = the top-k by BASELINE attribution.
//   DCG  = Σ_{i=1..k} F(x_i) / log2(i+1)
//   iDCG = Σ_{i=1..k} F(y_i) / log2(i+1)
//   NDCG = DCG / iDCG ∈ [0,1]; 1 when the live top-k order equals the baseline's.
// Violation when NDCG < threshold (default 0.90). Features unknown to the
// baseline have relevance 0. k defaults to 10 (fewer if there are fewer features).
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith } from '../json.js';
import type { ExplainabilityAnalysis } from './attribution.js';

export const DEFAULT_NDCG_THRESHOLD = 0.9;
export const DEFAULT_TOP_K = 10;

export interface AttributionViolation {
  label: string;
  metric_name: 'ndcg';
  constraint_check_type: 'feature_attribution_drift_check';
  description: string;
}

/** Features by descending value (ties by name, so rankings are deterministic). */
const ranking = (v: Record<string, number>): string[] =>
  Object.keys(v).sort((a, b) => v[b]! - v[a]! || (a < b ? -1 : a > b ? 1 : 0));

export function ndcg(baseline: Record<string, number>, live: Record<string, number>, topK = DEFAULT_TOP_K): number {
  const ideal = ranking(baseline);
  const k = Math.min(topK, ideal.length);
  const liveTop = ranking(live).slice(0, k);
  const gain = (order: string[]) => order.slice(0, k).reduce((s, f, i) => s + (baseline[f] ?? 0) / Math.log2(i + 2), 0);
  const idcg = gain(ideal);
  return idcg === 0 ? 1 : gain(liveTop) / idcg;
}

/** One check per label present in the baseline; a label missing from the live analysis is a violation. */
export function checkAttributionDrift(
  live: ExplainabilityAnalysis,
  baseline: ExplainabilityAnalysis,
  opts: { threshold?: number; topK?: number } = {},
): { violations: AttributionViolation[]; ndcg: Record<string, number> } {
  const threshold = opts.threshold ?? DEFAULT_NDCG_THRESHOLD;
  const violations: AttributionViolation[] = [];
  const scores: Record<string, number> = {};
  for (const [label, base] of Object.entries(baseline.explanations.kernel_shap)) {
    const cur = live.explanations.kernel_shap[label];
    const score = cur ? ndcg(base.global_shap_values, cur.global_shap_values, opts.topK) : 0;
    scores[label] = score;
    if (score < threshold) {
      violations.push({
        label,
        metric_name: 'ndcg',
        constraint_check_type: 'feature_attribution_drift_check',
        description: cur
          ? `Feature attribution drift: NDCG ${+score.toFixed(6)} of the live feature ranking against the baseline ranking is below threshold ${threshold}`
          : `Feature attribution drift: no attributions for label ${label} in the current window`,
      });
    }
  }
  return { violations, ndcg: scores };
}

const analysisSchema = z.object({
  version: z.string().default('1.0'),
  explanations: z.object({
    kernel_shap: z.record(z.string(), z.object({ global_shap_values: z.record(z.string(), z.number()), expected_value: z.number().default(0) })),
  }),
});

/** Reads a baseline analysis.json / constraints file of the explainability monitor. */
export function parseExplainabilityAnalysis(text: string): Result<ExplainabilityAnalysis> {
  return parseJsonWith(text, analysisSchema, 'analysis.json') as Result<ExplainabilityAnalysis>;
}
