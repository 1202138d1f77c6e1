// Post-training bias metrics for one facet (SageMaker Clarify / smclarify
// definitions). Facet d = the sensitive group (facet value in the configured
// values, or facet > threshold); facet a = everyone else. Counts per group:
// TP, FP, FN, TN with positive = label in the positive values (or > threshold).
//   n̂(1) = TP+FP (predicted positive), n̂(0) = TN+FN, n(1) = TP+FN, n(0) = TN+FP
//   DPPL = n̂_a(1)/n_a − n̂_d(1)/n_d                  (q̂a − q̂d)
//   DI   = (n̂_d(1)/n_d) / (n̂_a(1)/n_a)              (q̂d / q̂a)
//   DCA  = n_a(1)/n̂_a(1) − n_d(1)/n̂_d(1)
//   DCR  = n_d(0)/n̂_d(0) − n_a(0)/n̂_a(0)
//   RD   = TP_a/(TP_a+FN_a) − TP_d/(TP_d+FN_d)      (recall a − recall d)
//   SD   = TN_d/(TN_d+FP_d) − TN_a/(TN_a+FP_a)      (specificity d − specificity a)
//   DAR  = TP_a/n̂_a(1) − TP_d/n̂_d(1)                (precision a − precision d)
//   DRR  = TN_d/n̂_d(0) − TN_a/n̂_a(0)
//   AD   = ACC_a − ACC_d,  ACC = (TP+TN)/n
//   TE   = FN_d/FP_d − FN_a/FP_a
//   GE   = generalized entropy (α = 2) of the benefits b = ŷ − y + 1 over all records
//          (FN → 0, TP/TN → 1, FP → 2): Σ((b/μ)² − 1) / (2N), μ = mean benefit
// CDDPL is cdd.ts's: computed over the groups of the configured group variable, and
// without one written as Clarify writes it (value null, NO_GROUP_VARIABLE). FT (flip
// test) is flip-test.ts's: computed from the kept feature rows up to its bound, else an error.
// Division follows smclarify's `divide`: 0/0 = 0, x/0 = ±INFINITY (float("inf"),
// written `Infinity` as Clarify does); a difference of two +INFINITY terms is 0.
import { err, ok, type Result } from '../errors.js';

export const INFINITY = Infinity;

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export function divide(a: number, b: number): number {
  if (b === 0) return a === 0 ? 0 : a < 0 ? -INFINITY : INFINITY;
  return a / b;
}

/** x − y, but 0 when both are INFINITY (smclarify's rule for "both undefined"). */
const diff = (x: number, y: number): number => (x === y && x === INFINITY ? 0 : x - y);

/** In Clarify's order (by name), with Clarify's descriptions. */
export const BIAS_METRIC_DESCRIPTIONS = {
  AD: 'Accuracy Difference (AD)',
  CDDPL: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)',
  DAR: 'Difference in Acceptance Rates (DAR)',
  DCA: 'Difference in Conditional Acceptance (DCA)',
  DCR: 'Difference in Conditional Rejection (DCR)',
  DI: 'Disparate Impact (DI)',
  DPPL: 'Difference in Positive Proportions in Predicted Labels (DPPL)',
  DRR: 'Difference in Rejection Rates (DRR)',
  FT: 'Flip Test (FT)',
  GE: 'Generalized Entropy (GE)',
  RD: 'Recall Difference (RD)',
  SD: 'Specificity Difference (SD)',
  TE: 'Treatment Equality (TE)',
} as const;

export type BiasMetricName = keyof typeof BIAS_METRIC_DESCRIPTIONS;

/** A metric Clarify could not compute: written `{"value": null, "error": ...}`. */
export interface MetricError {
  error: string;
}

export type MetricOutcome = number | MetricError;

/** Clarify's message when no group variable is configured (CDDL, CDDPL). */
export const NO_GROUP_VARIABLE = 'Group variable is empty or not provided';

/** Generalized entropy (α = 2) of the benefits over both groups. */
export function generalizedEntropy(a: Confusion, d: Confusion): MetricOutcome {
  const tp = a.tp + d.tp, fp = a.fp + d.fp, fn = a.fn + d.fn, tn = a.tn + d.tn;
  const n = tp + fp + fn + tn;
  const mean = (tp + tn + 2 * fp) / n;
  if (mean === 0) return { error: 'All predicted labels are false negatives. There should be at least one prediction that is not false negative.' };
  const sumSquares = (tp + tn) * (1 / mean) ** 2 + fp * (2 / mean) ** 2;
  return (sumSquares - n) / (n * 2);
}

/** All metrics (FT and CDDPL as computed by the caller); EMPTY_WINDOW when either group has no records (Clarify raises there too). */
export function postTrainingBiasMetrics(a: Confusion, d: Confusion, ft: MetricOutcome, cddpl: MetricOutcome): Result<Record<BiasMetricName, MetricOutcome>> {
  const n = (c: Confusion) => c.tp + c.fp + c.fn + c.tn;
  if (n(d) === 0) return err({ kind: 'EMPTY_WINDOW', message: 'Facet set is empty: no records in the sensitive facet group' });
  if (n(a) === 0) return err({ kind: 'EMPTY_WINDOW', message: 'Negated facet set is empty: every record is in the sensitive facet group' });
  const qa = (a.tp + a.fp) / n(a);
  const qd = (d.tp + d.fp) / n(d);
  const accA = divide(a.tp + a.tn, n(a));
  const accD = divide(d.tp + d.tn, n(d));
  const recA = divide(a.tp, a.tp + a.fn);
  const recD = divide(d.tp, d.tp + d.fn);
  const spA = divide(a.tn, a.tn + a.fp);
  const spD = divide(d.tn, d.tn + d.fp);
  const arA = divide(a.tp, a.tp + a.fp);
  const arD = divide(d.tp, d.tp + d.fp);
  const rrA = divide(a.tn, a.tn + a.fn);
  const rrD = divide(d.tn, d.tn + d.fn);
  const cA = divide(a.tp + a.fn, a.tp + a.fp);
  const cD = divide(d.tp + d.fn, d.tp + d.fp);
  const rA = divide(a.tn + a.fp, a.tn + a.fn);
  const rD = divide(d.tn + d.fp, d.tn + d.fn);
  const tauA = divide(a.fn, a.fp);
  const tauD = divide(d.fn, d.fp);
  return ok({
    AD: diff(accA, accD),
    CDDPL: cddpl,
    DAR: diff(arA, arD),
    DCA: diff(cA, cD),
    DCR: diff(rD, rA),
    DI: divide(qd, qa),
    DPPL: qa - qd,
    DRR: diff(rrD, rrA),
    FT: ft,
    GE: generalizedEntropy(a, d),
    RD: diff(recA, recD),
    SD: diff(spD, spA),
    TE: diff(tauD, tauA),
  });
}
