// Binary classification metrics over a stream of (label, prediction, probability).
import type { Value } from '../parse/values.js';
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

export interface BinaryClassificationMetrics {
  confusion_matrix: ConfusionMatrix;
  accuracy: Metric;
  precision: Metric;
  recall: Metric;
  f0_5: Metric;
  f1: Metric;
  f2: Metric;
  true_positive_rate: Metric;
  true_negative_rate: Metric;
  false_positive_rate: Metric;
  false_negative_rate: Metric;
  /** Present only when probabilities were supplied. */
  auc?: Metric;
}

const BINS = 10_000;

/**
 * Positive iff the text equals the positive label, or both parse to the same
 * number ("1" vs 1.0). Booleans (or "true"/"false" text, any case) match a
 * "true"/"false" positive label, else count as 1/0 against a numeric one.
 */
export function isPositive(v: Value, positive: string): boolean {
  if (v === null) return false;
  const s = typeof v === 'string' ? v.trim() : String(v);
  const lower = s.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    const p = positive.toLowerCase();
    if (p === 'true' || p === 'false') return lower === p;
    return (lower === 'true') === (p === '1');
  }
  if (s === positive) return true;
  const a = Number(s);
  const b = Number(positive);
  return s !== '' && positive !== '' && Number.isFinite(a) && a === b;
}

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

  /**
   * ROC AUC = P(score_pos > score_neg) + ½·P(equal), the Mann–Whitney form (equals
   * sklearn's roc_auc_score). Exact by sorting while ≤ exactAucCap scores; else
   * from 10 000 equal-width bins on [0,1] (pairs in one bin count ½, so the error
   * is at most ½ × the share of positive/negative pairs sharing a bin).
   * Standard deviation: Hanley & McNeil (1982).
   */
  auc(): Metric | undefined {
    const nP = this.exact ? this.posScores.length : sum(this.posHist);
    const nN = this.exact ? this.negScores.length : sum(this.negHist);
    if (this.withProbability === 0 || nP === 0 || nN === 0) return undefined;
    const a = this.exact ? exactAuc(this.posScores, this.negScores) : histAuc(this.posHist, this.negHist);
    const q1 = a / (2 - a);
    const q2 = (2 * a * a) / (1 + a);
    const v = (a * (1 - a) + (nP - 1) * (q1 - a * a) + (nN - 1) * (q2 - a * a)) / (nP * nN);
    return { value: a, standard_deviation: Math.sqrt(Math.max(0, v)) };
  }

  result(): BinaryClassificationMetrics {
    const { tp, fp, tn, fn } = this;
    const fBeta = (b: number): Metric => {
      // F_β = (1+β²)TP / ((1+β²)TP + β²FN + FP): a proportion of TP over that denominator.
      const w = 1 + b * b;
      const den = w * tp + b * b * fn + fp;
      // SD: binomial form with effective n = den/(1+β²) = TP + (β²FN + FP)/(1+β²).
      return proportion(tp, den / w);
    };
    const out: BinaryClassificationMetrics = {
      confusion_matrix: {
        [this.positive]: { [this.positive]: tp, [this.negative]: fn },
        [this.negative]: { [this.positive]: fp, [this.negative]: tn },
      },
      accuracy: proportion(tp + tn, this.count),
      precision: proportion(tp, tp + fp),
      recall: proportion(tp, tp + fn),
      f0_5: fBeta(0.5),
      f1: fBeta(1),
      f2: fBeta(2),
      true_positive_rate: proportion(tp, tp + fn),
      true_negative_rate: proportion(tn, tn + fp),
      false_positive_rate: proportion(fp, fp + tn),
      false_negative_rate: proportion(fn, fn + tp),
    };
    const auc = this.auc();
    if (auc) out.auc = auc;
    return out;
  }
}

const bin = (p: number): number => Math.min(BINS - 1, Math.max(0, Math.floor(p * BINS)));
const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);

function exactAuc(pos: number[], neg: number[]): number {
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  // count, for each positive, negatives strictly below plus half the ties
  let negBelow = 0;
  let wins = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    let p = 0;
    let n = 0;
    while (j < all.length && all[j]![0] === all[i]![0]) {
      if (all[j]![1] === 1) p++;
      else n++;
      j++;
    }
    wins += p * negBelow + 0.5 * p * n;
    negBelow += n;
    i = j;
  }
  return wins / (pos.length * neg.length);
}

function histAuc(pos: Float64Array, neg: Float64Array): number {
  let negBelow = 0;
  let wins = 0;
  for (let i = 0; i < BINS; i++) {
    wins += pos[i]! * negBelow + 0.5 * pos[i]! * neg[i]!;
    negBelow += neg[i]!;
  }
  return wins / (sum(pos) * sum(neg));
}
