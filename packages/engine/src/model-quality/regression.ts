// Regression metrics from running sums (mergeable, O(1) memory). The sums are plain floating-point
// sums in record order, as Spark's, so one pass gives SageMaker's figures to the last bit (its
// constraints' thresholds equal its baseline values); merged parts differ from one pass in the last
// bits, so a split run folds its parts in capture-object order, as one worker does (see the README).
import { safeDiv, type Metric } from './metric.js';

export interface RegressionObservation {
  label: number;
  prediction: number;
}

export interface RegressionMetrics {
  mae: Metric;
  mse: Metric;
  rmse: Metric;
  r2: Metric;
}

export class RegressionAccumulator {
  n = 0;
  sumAbs = 0;
  sumSq = 0;
  sumQuad = 0;
  /** Welford moments of the labels, for r2's total sum of squares. */
  yMean = 0;
  yM2 = 0;

  /** Non-finite label or prediction: skipped, returns false. */
  add(o: RegressionObservation): boolean {
    if (!Number.isFinite(o.label) || !Number.isFinite(o.prediction)) return false;
    const e = o.label - o.prediction;
    this.n++;
    this.sumAbs += Math.abs(e);
    this.sumSq += e * e;
    this.sumQuad += e ** 4;
    const d = o.label - this.yMean;
    this.yMean += d / this.n;
    this.yM2 += d * (o.label - this.yMean);
    return true;
  }

  merge(o: RegressionAccumulator): this {
    const n = this.n + o.n;
    if (o.n > 0) {
      const d = o.yMean - this.yMean;
      this.yM2 += o.yM2 + (d * d * this.n * o.n) / n;
      this.yMean += (d * o.n) / n;
    }
    this.n = n;
    this.sumAbs += o.sumAbs;
    this.sumSq += o.sumSq;
    this.sumQuad += o.sumQuad;
    return this;
  }

  /**
   * mae = Σ|e|/n, mse = Σe²/n, rmse = √mse, r2 = 1 − Σe²/Σ(y−ȳ)² (sklearn's
   * r2_score; when all labels are equal: 1 if Σe² = 0 else 0, like sklearn's
   * force_finite).
   * Standard deviations (standard errors of the means): sd(|e|)/√n,
   * sd(e²)/√n, delta method SE(mse)/(2·rmse), and SE(mse)/var(y) for r2
   * (treating var(y) as known).
   */
  result(): RegressionMetrics {
    const n = this.n;
    if (n === 0) {
      const z = { value: 0, standard_deviation: 0 };
      return { mae: z, mse: z, rmse: z, r2: z };
    }
    const mae = this.sumAbs / n;
    const mse = this.sumSq / n;
    const rmse = Math.sqrt(mse);
    const seMae = Math.sqrt(Math.max(0, mse - mae * mae) / n);
    const seMse = Math.sqrt(Math.max(0, this.sumQuad / n - mse * mse) / n);
    const varY = this.yM2 / n;
    const r2 = this.yM2 > 0 ? 1 - this.sumSq / this.yM2 : this.sumSq === 0 ? 1 : 0;
    return {
      mae: { value: mae, standard_deviation: seMae },
      mse: { value: mse, standard_deviation: seMse },
      rmse: { value: rmse, standard_deviation: safeDiv(seMse, 2 * rmse) },
      r2: { value: r2, standard_deviation: safeDiv(seMse, varY) },
    };
  }
}
