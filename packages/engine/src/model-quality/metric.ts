// Shared metric shape and standard-error helpers for model quality reports.

/** "NaN" as SageMaker writes it when there are too few records (see resample.ts). */
export type StandardDeviation = number | 'NaN';

/** Every metric in statistics.json: the value and an estimated standard deviation of that estimate. */
export interface Metric {
  value: number;
  standard_deviation: StandardDeviation;
}

/**
 * Analytic standard error of a proportion p estimated from n trials:
 * sqrt(p(1−p)/n) (0 when n = 0). Used for accuracy, precision, recall, rates,
 * and — as an approximation — for F-scores with their own denominators.
 * The per-type accumulators report it; statistics.json replaces every
 * standard_deviation by SageMaker's resampling rule (resample.ts).
 */
export function proportion(successes: number, n: number): Metric {
  if (n <= 0) return { value: 0, standard_deviation: 0 };
  const p = successes / n;
  return { value: p, standard_deviation: Math.sqrt((p * (1 - p)) / n) };
}

/** Nested {actual: {predicted: count}} as SageMaker writes confusion_matrix. */
export type ConfusionMatrix = Record<string, Record<string, number>>;

export const safeDiv = (a: number, b: number): number => (b === 0 ? 0 : a / b);
