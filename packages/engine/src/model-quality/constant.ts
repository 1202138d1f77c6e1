// The *_best_constant_classifier metrics: the same metrics for a classifier that always answers
// one class. Binary: always the positive label (the constant with the best F-scores), which gives
// the Developer Guide's example values. Multiclass: always the class with the fewest true
// records (ties give the same values), which gives the guide's multiclass example; the guide
// names no rule, and that example is the only evidence.
import { proportion, safeDiv, type Metric } from './metric.js';

/** F_β = (1+β²)TP / ((1+β²)TP + β²FN + FP), SD on the effective n = den/(1+β²). */
export function fBetaOfCounts(b: number, tp: number, fn: number, fp: number): Metric {
  const w = 1 + b * b;
  return proportion(tp, (w * tp + b * b * fn + fp) / w);
}

export function binaryBestConstant(positives: number, negatives: number) {
  const n = positives + negatives;
  return {
    recall: proportion(positives, positives),
    precision: proportion(positives, n),
    accuracy: proportion(positives, n),
    f: (b: number) => fBetaOfCounts(b, positives, 0, negatives),
  };
}

export function multiclassBestConstant(support: ReadonlyMap<string, number>, n: number) {
  const fewest = Math.min(...support.values());
  const share = n > 0 && Number.isFinite(fewest) ? fewest / n : 0;
  // Only the answered class scores: precision = recall-weight = its share, recall 1.
  const metric = (value: number): Metric => ({ value, standard_deviation: n > 0 ? Math.sqrt((value * (1 - value)) / n) : 0 });
  return {
    accuracy: proportion(Number.isFinite(fewest) ? fewest : 0, n),
    weighted_recall: metric(share),
    weighted_precision: metric(share * share),
    f: (b: number) => metric(share * safeDiv((1 + b * b) * share, b * b * share + 1)),
  };
}
