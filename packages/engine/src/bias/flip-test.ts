// Flip Test (FT), as smclarify computes it: a k-nearest-neighbours classifier (Euclidean
// distance, uniform weights; k = 5, or 1 when the advantaged group a has 9 rows or fewer)
// is fitted on a's feature rows with the model's predicted labels, then predicts each row
// of the sensitive group d. FT = (#d rows the model predicts positive and the k-NN
// negative − #d rows the model predicts negative and the k-NN positive) / n_d.
// The features are every column but the facet, the label and the model's outputs, and
// must all be numbers (Clarify: "FlipTest does not support non-numeric columns").
// Among equally distant neighbours the earlier row wins, as in sklearn's k-d tree for a
// group that fits one leaf (30 rows); beyond that sklearn's own order among exact ties
// is not reproduced.
//
// Bound: the rows are kept in memory, and the k-NN compares every d row with every a
// row, so FT is computed for at most FT_MAX_RECORDS analysed records (n_d·n_a ≤ 25
// million distances); beyond, it is written as an error that says so.
import type { Value } from '../parse/values.js';
import { divide, type MetricOutcome } from './metrics.js';

export const FT_MAX_RECORDS = 10_000;
const NEIGHBOURS = 5;
const FEW_NEIGHBOURS = 1;
/** smclarify: k = 1 when the advantaged group has this many rows or fewer. */
const FEW_ROWS = 9;

export const FT_NO_FEATURES = 'Flip Test (FT) needs the feature rows of the analysed records, which were not given';
export const FT_TOO_MANY = `Flip Test (FT) is computed by the built-in engine for at most ${FT_MAX_RECORDS} records (its k-NN keeps every feature row in memory); this analysis has more`;
const NON_NUMERIC = 'FlipTest does not support non-numeric columns';

interface FlipRow {
  x: number[];
  d: boolean;
  predicted: boolean;
}

const asNumber = (v: Value): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export class FlipTestRows {
  private rows: FlipRow[] = [];
  private error: string | null = null;
  private seen = 0;

  /** False once FT cannot be computed any more: callers may stop building feature rows. */
  get wanted(): boolean {
    return this.error === null;
  }

  add(features: readonly Value[] | undefined, d: boolean, predicted: boolean): void {
    this.seen++;
    if (this.error !== null) return;
    if (features === undefined) return this.fail(FT_NO_FEATURES);
    if (this.seen > FT_MAX_RECORDS) return this.fail(FT_TOO_MANY);
    const x: number[] = [];
    for (const v of features) {
      const n = asNumber(v);
      if (n === undefined) return this.fail(NON_NUMERIC);
      x.push(n);
    }
    if (x.length === 0) return this.fail('Flip Test (FT) needs at least one feature column besides the facet and the label');
    if (this.rows.length > 0 && this.rows[0]!.x.length !== x.length) return this.fail('Flip Test (FT) needs the same feature columns in every record');
    this.rows.push({ x, d, predicted });
  }

  /** `other`'s records come after this one's. */
  merge(other: FlipTestRows): void {
    this.seen += other.seen;
    if (this.error !== null) return;
    if (other.error !== null) return this.fail(other.error);
    if (this.seen > FT_MAX_RECORDS) return this.fail(FT_TOO_MANY);
    if (this.rows.length > 0 && other.rows.length > 0 && this.rows[0]!.x.length !== other.rows[0]!.x.length) {
      return this.fail('Flip Test (FT) needs the same feature columns in every record');
    }
    this.rows.push(...other.rows);
  }

  result(): MetricOutcome {
    if (this.error !== null) return { error: this.error };
    const a = this.rows.filter((r) => !r.d);
    const d = this.rows.filter((r) => r.d);
    if (d.length === 0) return { error: 'Facet set is empty' };
    if (a.length === 0) return { error: 'Negated Facet set is empty' };
    const k = a.length > FEW_ROWS ? NEIGHBOURS : FEW_NEIGHBOURS;
    let toNegative = 0;
    let toPositive = 0;
    for (const row of d) {
      const knn = nearestVote(a, row.x, k);
      if (row.predicted && !knn) toNegative++;
      else if (!row.predicted && knn) toPositive++;
    }
    return divide(toNegative - toPositive, d.length);
  }

  private fail(reason: string): void {
    this.error = reason;
    this.rows = [];
  }
}

/** The majority predicted label of the k rows of `a` nearest to `x` (earlier rows first among equals). */
function nearestVote(a: readonly FlipRow[], x: readonly number[], k: number): boolean {
  const dist: number[] = [];
  const label: boolean[] = [];
  for (const row of a) {
    // Squared distances, as sklearn compares them; a row already further than the k-th is dropped early.
    const bound = dist.length === k ? dist[k - 1]! : Infinity;
    let s = 0;
    for (let j = 0; j < x.length && s < bound; j++) {
      const diff = row.x[j]! - x[j]!;
      s += diff * diff;
    }
    if (s >= bound) continue;
    let p = dist.length;
    while (p > 0 && dist[p - 1]! > s) p--; // after every kept neighbour at a distance ≤ s
    dist.splice(p, 0, s);
    label.splice(p, 0, row.predicted);
    if (dist.length > k) {
      dist.pop();
      label.pop();
    }
  }
  const positives = label.filter(Boolean).length;
  return positives * 2 > label.length;
}
