// Pre-training bias metrics for one facet (smclarify definitions), from the
// observed labels only: n_a(1) = TP+FN of group a, n_a(0) = FP+TN, likewise d.
//   CI  = (n_a − n_d)/(n_a + n_d)          DPL = n_a(1)/n_a − n_d(1)/n_d
// KL, JS, LP (p = 2), TVD (½·L1), KS (max) compare the label distributions Pa, Pd
// over the label values that are non-zero in both (smclarify's pdfs_aligned_nonzero).
// CDDL is cdd.ts's, computed by the caller (an error without a group variable).
import type { Confusion, MetricOutcome } from './metrics.js';

export const PRE_TRAINING_DESCRIPTIONS = {
  CDDL: 'Conditional Demographic Disparity in Labels (CDDL)',
  CI: 'Class Imbalance (CI)',
  DPL: 'Difference in Positive Proportions in Labels (DPL)',
  JS: 'Jensen-Shannon Divergence (JS)',
  KL: 'Kullback-Liebler Divergence (KL)',
  KS: 'Kolmogorov-Smirnov Distance (KS)',
  LP: 'L-p Norm (LP)',
  TVD: 'Total Variation Distance (TVD)',
} as const;

export type PreTrainingMetricName = keyof typeof PRE_TRAINING_DESCRIPTIONS;

const NO_COMMON_VALUE = { error: 'No instance of common facet found, dataset may be too small' };

/** Both groups are non-empty (the caller checked it with the post-training metrics). */
export function preTrainingBiasMetrics(a: Confusion, d: Confusion, cddl: MetricOutcome): Record<PreTrainingMetricName, MetricOutcome> {
  const na = a.tp + a.fp + a.fn + a.tn;
  const nd = d.tp + d.fp + d.fn + d.tn;
  // [P(label negative), P(label positive)] per group, keeping values non-zero in both.
  const pa = [(a.fp + a.tn) / na, (a.tp + a.fn) / na];
  const pd = [(d.fp + d.tn) / nd, (d.tp + d.fn) / nd];
  const keep = [0, 1].filter((i) => pa[i]! > 0 && pd[i]! > 0);
  const A = keep.map((i) => pa[i]!);
  const D = keep.map((i) => pd[i]!);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const kl = (p: number[], q: number[]) => sum(p.map((x, i) => x * Math.log(x / q[i]!)));
  const delta = A.map((x, i) => Math.abs(x - D[i]!));
  const common = keep.length > 0;
  const M = A.map((x, i) => (x + D[i]!) / 2);
  return {
    CDDL: cddl,
    CI: (na - nd) / (na + nd),
    DPL: (a.tp + a.fn) / na - (d.tp + d.fn) / nd,
    JS: common ? 0.5 * (kl(A, M) + kl(D, M)) : NO_COMMON_VALUE,
    KL: common ? kl(A, D) : NO_COMMON_VALUE,
    KS: common ? Math.max(...delta) : NO_COMMON_VALUE,
    LP: common ? Math.sqrt(sum(delta.map((x) => x * x))) : NO_COMMON_VALUE,
    TVD: common ? 0.5 * sum(delta) : NO_COMMON_VALUE,
  };
}
