// standard_deviation by SageMaker's documented rule: "NaN" below 200 records, else the
// spread of the metric over 5 random samples of 80 %. SageMaker's samples are random (its
// figures change run to run); the engine's come from a fixed seed, so they are checked for
// the rule and for repeatability, not against SageMaker's numbers.
import { ModelQualityAccumulator, type Metric, type ProblemType } from '../src/index.js';
import { spread } from '../src/model-quality/resample.js';
import { rng, unwrap } from './helpers.js';

type Tables = Record<string, Record<string, unknown>>;

/** `shuffled`: the same keyed records in reverse order, split over two merged accumulators. */
function metricsOf(problem: ProblemType, n: number, seed = 1, shuffled = false): Record<string, Metric> {
  const r = rng(seed);
  const parts = [new ModelQualityAccumulator(problem), new ModelQualityAccumulator(problem)];
  const records = Array.from({ length: n }, (_, i) => {
    const y = r() < 0.4 ? 1 : 0;
    const score = Math.min(1, Math.max(0, 0.3 + 0.4 * y + (r() - 0.5) * 0.8));
    const o = problem === 'Regression' ? { label: y + r(), prediction: y + r() } : { label: String(y), prediction: String(score >= 0.5 ? 1 : r() < 0.2 ? 2 : 0), probability: score };
    return [o, `id-${i}`] as const;
  });
  if (shuffled) records.reverse();
  records.forEach(([o, key], i) => parts[shuffled ? i % 2 : 0]!.add(o, key));
  const s = unwrap(parts[0]!.merge(parts[1]!).result()) as unknown as Tables;
  const table = Object.entries(s).find(([k]) => k.endsWith('_metrics'))![1];
  return Object.fromEntries(Object.entries(table).filter(([, m]) => typeof m === 'object' && m !== null && 'value' in m)) as Record<string, Metric>;
}

describe('standard_deviation', () => {
  test.each(['BinaryClassification', 'MulticlassClassification', 'Regression'] as const)('%s: "NaN" for every metric at 199 records, a number for every metric at 200', (problem) => {
    const below = metricsOf(problem, 199);
    expect(Object.values(below).map((m) => m.standard_deviation)).toEqual(Object.keys(below).map(() => 'NaN'));
    const at = metricsOf(problem, 200);
    for (const [name, m] of Object.entries(at)) expect([name, typeof m.standard_deviation === 'number' && Number.isFinite(m.standard_deviation)]).toEqual([name, true]);
  });

  test('the same records give the same file, in any order and over merged partitions (samples follow the record keys)', () => {
    const once = metricsOf('BinaryClassification', 500, 7);
    expect(metricsOf('BinaryClassification', 500, 7, true)).toEqual(once);
    expect(metricsOf('BinaryClassification', 500, 8)).not.toEqual(once);
  });

  test('the spread of 80 % samples is of the order of the closed-form standard error, not zero', () => {
    // Five 80 % samples of n records: their metric values spread by about SE·√(0.2/0.8) = SE/2.
    const n = 4000;
    const m = metricsOf('BinaryClassification', n, 3)['accuracy']!;
    const se = Math.sqrt((m.value * (1 - m.value)) / n);
    expect(m.standard_deviation as number).toBeGreaterThan(se / 10);
    expect(m.standard_deviation as number).toBeLessThan(se * 2);
  });

  test('spread is the sample standard deviation (n − 1), "NaN" with fewer than two values', () => {
    expect(spread([1, 2, 3, 4, 5])).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(spread([0.5])).toBe('NaN');
  });
});
