// Multiclass classification metrics: accuracy, support-weighted precision/recall/F
// (sklearn's average="weighted"; a class never predicted has precision 0), and
// the confusion matrix. Memory: O(classes²), classes capped (default 1000;
// observations introducing a class beyond the cap are counted in `droppedClasses`).
import type { Value } from '../parse/values.js';
import { multiclassBestConstant } from './constant.js';
import { proportion, safeDiv, type ConfusionMatrix, type Metric } from './metric.js';

export interface MulticlassObservation {
  label: Value;
  prediction: Value;
}

/** Key order as SageMaker writes it (Developer Guide example). */
export interface MulticlassClassificationMetrics {
  confusion_matrix: ConfusionMatrix;
  accuracy: Metric;
  weighted_recall: Metric;
  weighted_precision: Metric;
  weighted_f0_5: Metric;
  weighted_f1: Metric;
  weighted_f2: Metric;
  accuracy_best_constant_classifier: Metric;
  weighted_recall_best_constant_classifier: Metric;
  weighted_precision_best_constant_classifier: Metric;
  weighted_f0_5_best_constant_classifier: Metric;
  weighted_f1_best_constant_classifier: Metric;
  weighted_f2_best_constant_classifier: Metric;
}

/** Class name: trimmed text; numeric text is canonicalised so "1", "1.0" and 1 are one class. */
export function className(v: Value): string {
  const s = v === null ? '' : typeof v === 'string' ? v.trim() : String(v);
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? String(n) : s;
}

export class MulticlassAccumulator {
  /** matrix.get(actual).get(predicted) = count */
  readonly matrix = new Map<string, Map<string, number>>();
  private readonly classes = new Set<string>();
  count = 0;
  droppedClasses = 0;

  constructor(private readonly maxClasses = 1000) {}

  add(o: MulticlassObservation): void {
    this.addCount(className(o.label), className(o.prediction), 1);
  }

  private addCount(a: string, p: string, n: number): void {
    const newClasses = (this.classes.has(a) ? 0 : 1) + (this.classes.has(p) || p === a ? 0 : 1);
    if (this.classes.size + newClasses > this.maxClasses) {
      this.droppedClasses += n;
      return;
    }
    this.classes.add(a);
    this.classes.add(p);
    let row = this.matrix.get(a);
    if (!row) this.matrix.set(a, (row = new Map<string, number>()));
    row.set(p, (row.get(p) ?? 0) + n);
    this.count += n;
  }

  merge(o: MulticlassAccumulator): this {
    for (const [a, row] of o.matrix) for (const [p, n] of row) this.addCount(a, p, n);
    this.droppedClasses += o.droppedClasses;
    return this;
  }

  /**
   * Weighted metric = Σ_c support_c·metric_c / Σ_c support_c with support_c the
   * number of true c. F_β,c = (1+β²)·P_c·R_c / (β²·P_c + R_c) (0 when both are 0).
   * Standard deviation: binomial approximation sqrt(m(1−m)/n), n = all records.
   */
  result(): MulticlassClassificationMetrics {
    const classes = [...this.classes].sort();
    const support = new Map<string, number>();
    const predicted = new Map<string, number>();
    let correct = 0;
    for (const [a, row] of this.matrix) {
      for (const [p, n] of row) {
        support.set(a, (support.get(a) ?? 0) + n);
        predicted.set(p, (predicted.get(p) ?? 0) + n);
        if (a === p) correct += n;
      }
    }
    const weighted = (f: (precision: number, recall: number) => number): Metric => {
      let s = 0;
      for (const c of classes) {
        const tp = this.matrix.get(c)?.get(c) ?? 0;
        const sup = support.get(c) ?? 0;
        s += sup * f(safeDiv(tp, predicted.get(c) ?? 0), safeDiv(tp, sup));
      }
      const m = safeDiv(s, this.count);
      return { value: m, standard_deviation: this.count > 0 ? Math.sqrt((m * (1 - m)) / this.count) : 0 };
    };
    const fBeta = (b: number) => (p: number, r: number) => safeDiv((1 + b * b) * p * r, b * b * p + r);
    const cm: ConfusionMatrix = {};
    for (const a of classes) {
      cm[a] = {};
      for (const p of classes) cm[a][p] = this.matrix.get(a)?.get(p) ?? 0;
    }
    const constant = multiclassBestConstant(support, this.count);
    return {
      confusion_matrix: cm,
      accuracy: proportion(correct, this.count),
      weighted_recall: weighted((_, r) => r),
      weighted_precision: weighted((p) => p),
      weighted_f0_5: weighted(fBeta(0.5)),
      weighted_f1: weighted(fBeta(1)),
      weighted_f2: weighted(fBeta(2)),
      accuracy_best_constant_classifier: constant.accuracy,
      weighted_recall_best_constant_classifier: constant.weighted_recall,
      weighted_precision_best_constant_classifier: constant.weighted_precision,
      weighted_f0_5_best_constant_classifier: constant.f(0.5),
      weighted_f1_best_constant_classifier: constant.f(1),
      weighted_f2_best_constant_classifier: constant.f(2),
    };
  }
}
