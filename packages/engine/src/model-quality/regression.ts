// Regression metrics from running sums (mergeable, O(1) memory). The sums are exact (ExactSum), so
// parts merged give the one-pass figures.
import { ExactSum } from '../exact-sum.js';
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
  readonly sumAbs = new ExactSum();
  readonly sumSq = new ExactSum();
  readonly sumQuad = new ExactSum();
  /** Σy and Σy², for r2's total sum of squares. */
  readonly y = new ExactSum();
  readonly y2 = new ExactSum();

  /** Non-finite label or prediction: skipped, returns false. */
  add(o: RegressionObservation): boolean {
    if (!Number.isFinite(o.label) || !Number.isFinite(o.prediction)) return false;
    const e = o.label - o.prediction;
    this.n++;
    this.sumAbs.add(Math.abs(e));
    this.sumSq.addSquare(e);
    this.sumQuad.add(e ** 4);
    this.y.add(o.label);
    this.y2.addSquare(o.label);
    return true;
  }

  merge(o: RegressionAccumulator): this {
    this.n += o.n;
    this.sumAbs.merge(o.sumAbs);
    this.sumSq.merge(o.sumSq);
    this.sumQuad.merge(o.sumQuad);
    this.y.merge(o.y);
    this.y2.merge(o.y2);
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
    const sumSq = this.sumSq.value();
    const mae = this.sumAbs.value() / n;
    const mse = sumSq / n;
    const rmse = Math.sqrt(mse);
    const seMae = Math.sqrt(Math.max(0, mse - mae * mae) / n);
    const seMse = Math.sqrt(Math.max(0, this.sumQuad.value() / n - mse * mse) / n);
    const yM2 = Math.max(0, this.y.scaledDeviations(this.y2, n)) / n;
    const varY = yM2 / n;
    const r2 = yM2 > 0 ? 1 - sumSq / yM2 : sumSq === 0 ? 1 : 0;
    return {
      mae: { value: mae, standard_deviation: seMae },
      mse: { value: mse, standard_deviation: seMse },
      rmse: { value: rmse, standard_deviation: safeDiv(seMse, 2 * rmse) },
      r2: { value: r2, standard_deviation: safeDiv(seMse, varY) },
    };
  }
}
