// receiver_operating_characteristic_curve and precision_recall_curve as SageMaker writes them
// (Spark MLlib's BinaryClassificationMetrics, no down-sampling): one point per distinct score,
// highest first, counting records with a score ≥ it as predicted positive. The ROC curve starts
// at (0, 0) and ends at (1, 1); the PR curve starts at recall 0 with the first point's precision.
// A rate over an empty class is 0, as in Spark.

export interface RocCurve {
  false_positive_rates: number[];
  true_positive_rates: number[];
}

export interface PrCurve {
  precisions: number[];
  recalls: number[];
}

/** Records at one distinct score (or one histogram bin). */
export interface ScoreGroup {
  positives: number;
  negatives: number;
}

/** `groups`: from the highest score down. */
export function scoreCurves(groups: readonly ScoreGroup[]): { roc: RocCurve; pr: PrCurve } {
  let nP = 0;
  let nN = 0;
  for (const g of groups) {
    nP += g.positives;
    nN += g.negatives;
  }
  const roc: RocCurve = { false_positive_rates: [0], true_positive_rates: [0] };
  const pr: PrCurve = { precisions: [], recalls: [] };
  let tp = 0;
  let fp = 0;
  for (const g of groups) {
    tp += g.positives;
    fp += g.negatives;
    const tpr = nP === 0 ? 0 : tp / nP;
    roc.false_positive_rates.push(nN === 0 ? 0 : fp / nN);
    roc.true_positive_rates.push(tpr);
    pr.recalls.push(tpr);
    pr.precisions.push(tp / (tp + fp));
  }
  roc.false_positive_rates.push(1);
  roc.true_positive_rates.push(1);
  pr.recalls.unshift(0);
  pr.precisions.unshift(pr.precisions[0] ?? 1);
  return { roc, pr };
}

/** Distinct-score groups of exact scores, highest first. */
export function exactGroups(pos: readonly number[], neg: readonly number[]): ScoreGroup[] {
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => b[0] - a[0]);
  const groups: ScoreGroup[] = [];
  for (let i = 0; i < all.length; ) {
    const g = { positives: 0, negatives: 0 };
    let j = i;
    for (; j < all.length && all[j]![0] === all[i]![0]; j++) {
      if (all[j]![1] === 1) g.positives++;
      else g.negatives++;
    }
    groups.push(g);
    i = j;
  }
  return groups;
}

/** Non-empty histogram bins, highest first. */
export function histogramGroups(pos: Float64Array, neg: Float64Array): ScoreGroup[] {
  const groups: ScoreGroup[] = [];
  for (let i = pos.length - 1; i >= 0; i--) if (pos[i]! + neg[i]! > 0) groups.push({ positives: pos[i]!, negatives: neg[i]! });
  return groups;
}

/**
 * ROC AUC = P(score_pos > score_neg) + ½·P(equal), the Mann–Whitney form (equals sklearn's
 * roc_auc_score and the area under the ROC curve above); records of one group tie.
 */
export function aucOfGroups(groups: readonly ScoreGroup[]): number {
  let negBelow = 0;
  let wins = 0;
  let nP = 0;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    wins += g.positives * negBelow + 0.5 * g.positives * g.negatives;
    negBelow += g.negatives;
    nP += g.positives;
  }
  return wins / (nP * negBelow);
}
