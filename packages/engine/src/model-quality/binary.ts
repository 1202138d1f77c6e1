// Binary classification metrics over a stream of (label, prediction, probability).
import type { Value } from '../parse/values.js';
import { isPositive } from './positive.js';
import { binaryBestConstant, fBetaOfCounts } from './constant.js';
import { aucOfGroups, exactGroups, histogramGroups, scoreCurves, type PrCurve, type RocCurve, type ScoreGroup } from './curves.js';
import { proportion, type ConfusionMatrix, type Metric } from './metric.js';

export interface BinaryConfig {
  /** Ground-truth / predicted value meaning "positive" (compared as trimmed text; default "1"). */
  positiveLabel?: string;
  /** Text used for the negative class in confusion_matrix keys (default "0"). */
  negativeLabel?: string;
  /** When no predicted label is given: predicted positive iff probability ≥ threshold (default 0.5). */
  probabilityThreshold?: number;
  /** Scores kept for exact AUC (default 100000); beyond it AUC comes from a histogram. */
  exactAucCap?: number;
}

export interface BinaryObservation {
  label: Value;
  prediction?: Value;
  probability?: number;
}

/** Key order as SageMaker writes it (Developer Guide example). */
export interface BinaryClassificationMetrics {
  confusion_matrix: ConfusionMatrix;
  recall: Metric;
  precision: Metric;
  accuracy: Metric;
  recall_best_constant_classifier: Metric;
  precision_best_constant_classifier: Metric;
  accuracy_best_constant_classifier: Metric;
  true_positive_rate: Metric;
  true_negative_rate: Metric;
  false_positive_rate: Metric;
  false_negative_rate: Metric;
  /** The curves and auc: only when probabilities were supplied. */
  receiver_operating_characteristic_curve?: RocCurve;
  precision_recall_curve?: PrCurve;
  auc?: Metric;
  f0_5: Metric;
  f1: Metric;
  f2: Metric;
  f0_5_best_constant_classifier: Metric;
  f1_best_constant_classifier: Metric;
  f2_best_constant_classifier: Metric;
}

const BINS = 10_000;

export class BinaryAccumulator {
  tp = 0;
  fp = 0;
  tn = 0;
  fn = 0;
  /** Scores per class for exact AUC while small; histograms always (bounded: 2×BINS). */
  private posScores: number[] = [];
  private negScores: number[] = [];
  private exact = true;
  private readonly posHist = new Float64Array(BINS);
  private readonly negHist = new Float64Array(BINS);
  private withProbability = 0;
  private readonly positive: string;
  private readonly negative: string;
  private readonly threshold: number;
  private readonly cap: number;

  constructor(cfg: BinaryConfig = {}) {
    this.positive = cfg.positiveLabel ?? '1';
    this.negative = cfg.negativeLabel ?? '0';
    this.threshold = cfg.probabilityThreshold ?? 0.5;
    this.cap = cfg.exactAucCap ?? 100_000;
  }

  get count(): number {
    return this.tp + this.fp + this.tn + this.fn;
  }

  add(o: BinaryObservation): void {
    const actual = isPositive(o.label, this.positive);
    const hasProb = o.probability !== undefined && Number.isFinite(o.probability);
    const predicted =
      o.prediction !== undefined && o.prediction !== null ? isPositive(o.prediction, this.positive) : hasProb && o.probability! >= this.threshold;
    if (actual && predicted) this.tp++;
    else if (actual) this.fn++;
    else if (predicted) this.fp++;
    else this.tn++;
    if (hasProb) {
      const p = o.probability!;
      this.withProbability++;
      (actual ? this.posHist : this.negHist)[bin(p)]!++;
      if (this.exact) {
        (actual ? this.posScores : this.negScores).push(p);
        if (this.posScores.length + this.negScores.length > this.cap) this.dropExact();
      }
    }
  }

  private dropExact(): void {
    this.exact = false;
    this.posScores = [];
    this.negScores = [];
  }

  merge(o: BinaryAccumulator): this {
    this.tp += o.tp;
    this.fp += o.fp;
    this.tn += o.tn;
    this.fn += o.fn;
    this.withProbability += o.withProbability;
    for (let i = 0; i < BINS; i++) {
      this.posHist[i]! += o.posHist[i]!;
      this.negHist[i]! += o.negHist[i]!;
    }
    if (this.exact && o.exact && this.posScores.length + this.negScores.length + o.posScores.length + o.negScores.length <= this.cap) {
      this.posScores.push(...o.posScores);
      this.negScores.push(...o.negScores);
    } else this.dropExact();
    return this;
  }

  /** Score groups, highest first: exact while the scores are kept, else the histogram's bins. */
  private groups(exactOnly: boolean): ScoreGroup[] {
    if (this.exact) {
      const g = exactGroups(this.posScores, this.negScores);
      if (exactOnly || g.length <= BINS) return g;
    }
    return histogramGroups(this.posHist, this.negHist);
  }

  /**
   * ROC AUC (aucOfGroups): exact while ≤ exactAucCap scores are kept; else from 10 000
   * equal-width bins on [0,1] (pairs in one bin count ½, so the error is at most ½ × the
   * share of positive/negative pairs sharing a bin).
   * Standard deviation: Hanley & McNeil (1982).
   */
  auc(): Metric | undefined {
    const nP = this.exact ? this.posScores.length : sum(this.posHist);
    const nN = this.exact ? this.negScores.length : sum(this.negHist);
    if (this.withProbability === 0 || nP === 0 || nN === 0) return undefined;
    const a = aucOfGroups(this.groups(true));
    const q1 = a / (2 - a);
    const q2 = (2 * a * a) / (1 + a);
    const v = (a * (1 - a) + (nP - 1) * (q1 - a * a) + (nN - 1) * (q2 - a * a)) / (nP * nN);
    return { value: a, standard_deviation: Math.sqrt(Math.max(0, v)) };
  }

  result(): BinaryClassificationMetrics {
    const { tp, fp, tn, fn } = this;
    const constant = binaryBestConstant(tp + fn, fp + tn);
    const curves = this.withProbability > 0 ? scoreCurves(this.groups(false)) : undefined;
    const auc = this.auc();
    return {
      confusion_matrix: {
        [this.positive]: { [this.positive]: tp, [this.negative]: fn },
        [this.negative]: { [this.positive]: fp, [this.negative]: tn },
      },
      recall: proportion(tp, tp + fn),
      precision: proportion(tp, tp + fp),
      accuracy: proportion(tp + tn, this.count),
      recall_best_constant_classifier: constant.recall,
      precision_best_constant_classifier: constant.precision,
      accuracy_best_constant_classifier: constant.accuracy,
      true_positive_rate: proportion(tp, tp + fn),
      true_negative_rate: proportion(tn, tn + fp),
      false_positive_rate: proportion(fp, fp + tn),
      false_negative_rate: proportion(fn, fn + tp),
      ...(curves ? { receiver_operating_characteristic_curve: curves.roc, precision_recall_curve: curves.pr } : {}),
      ...(auc ? { auc } : {}),
      f0_5: fBetaOfCounts(0.5, tp, fn, fp),
      f1: fBetaOfCounts(1, tp, fn, fp),
      f2: fBetaOfCounts(2, tp, fn, fp),
      f0_5_best_constant_classifier: constant.f(0.5),
      f1_best_constant_classifier: constant.f(1),
      f2_best_constant_classifier: constant.f(2),
    };
  }
}

const bin = (p: number): number => Math.min(BINS - 1, Math.max(0, Math.floor(p * BINS)));
const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
