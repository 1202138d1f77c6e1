import { DistinctCounter, KllSketch, maxCdfDistance } from '../src/index.js';
import { normal, rng } from './helpers.js';

/** True rank (# values ≤ x) by binary search in the sorted data. */
function trueRank(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function maxRankError(s: KllSketch, data: Float64Array): number {
  const sorted = Float64Array.from(data).sort();
  let worst = 0;
  for (let q = 0.01; q < 1; q += 0.01) {
    const x = sorted[Math.floor(q * sorted.length)]!;
    worst = Math.max(worst, Math.abs(s.rank(x) - trueRank(sorted, x)) / sorted.length);
    const est = s.quantile(q);
    worst = Math.max(worst, Math.abs(trueRank(sorted, est) / sorted.length - q) - 1 / sorted.length);
  }
  return worst;
}

describe('KLL sketch', () => {
  const r = rng(42);
  const N = 100_000;
  const data = new Float64Array(N).map(() => normal(r, 10, 3));

  test('100k values: quantiles within 0.5% rank error, bounded size, exact count/min/max', () => {
    const s = new KllSketch(); // k=2048, c=0.64 as SageMaker
    for (const x of data) s.add(x);
    expect(s.count).toBe(N);
    expect(s.min).toBe(data.reduce((m, x) => Math.min(m, x), Infinity));
    expect(s.max).toBe(data.reduce((m, x) => Math.max(m, x), -Infinity));
    expect(maxRankError(s, data)).toBeLessThan(0.005); // observed ≈ 0.06%
    const retained = s.toJSON().data.reduce((a, l) => a + l.length, 0);
    expect(retained).toBeLessThan(8000); // O(k), not O(n)
    expect(s.buckets(10).reduce((a, b) => a + b.count, 0)).toBeCloseTo(N, 6);
  });

  test('a small k still meets its (looser) bound — the error really depends on k', () => {
    const s = new KllSketch(200);
    for (const x of data) s.add(x);
    expect(maxRankError(s, data)).toBeLessThan(0.02); // observed ≈ 0.6%
    expect(s.toJSON().data.reduce((a, l) => a + l.length, 0)).toBeLessThan(1000);
  });

  test('merge(a, b) ≈ sketch(a ∪ b)', () => {
    const a = new KllSketch();
    const b = new KllSketch();
    const all = new KllSketch();
    const r2 = rng(7);
    const other = new Float64Array(N).map(() => normal(r2, 20, 5));
    for (const x of data) {
      a.add(x);
      all.add(x);
    }
    for (const x of other) {
      b.add(x);
      all.add(x);
    }
    const merged = a.merge(b);
    const union = new Float64Array(2 * N);
    union.set(data);
    union.set(other, N);
    expect(merged.count).toBe(2 * N);
    expect(maxRankError(merged, union)).toBeLessThan(0.005);
    expect(maxCdfDistance(merged, all)).toBeLessThan(0.005);
  });

  test('JSON round trip keeps the distribution; KS distance detects a shift', () => {
    const s = new KllSketch();
    for (const x of data) s.add(x);
    const back = KllSketch.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(back.count).toBe(N);
    expect(maxCdfDistance(s, back)).toBe(0);
    const shifted = new KllSketch();
    for (const x of data) shifted.add(x + 3); // N(13,3) vs N(10,3): KS = 2Φ(0.5)−1 ≈ 0.3829
    expect(maxCdfDistance(s, shifted)).toBeCloseTo(0.3829, 1);
  });

  test('buckets: equal width over [min,max], hand-checked on 4 values', () => {
    const s = new KllSketch();
    [25, 30, 35, 40].forEach((x) => s.add(x));
    // width 1.5: 25 → bucket 0, 30 → [29.5,31) #3, 35 → [34,35.5) #6, 40 → #9
    expect(s.buckets(10).map((b) => b.count)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(s.buckets(10)[3]).toEqual({ lower_bound: 29.5, upper_bound: 31, count: 1 });
  });

  test('buckets: a value on an edge counts in the upper bucket, the last bucket is closed; bounds without float noise', () => {
    const s = new KllSketch();
    [0, 2, 2, 4, 8, 8].forEach((x) => s.add(x));
    // [0,0.8) [0.8,1.6) [1.6,2.4) [2.4,3.2) [3.2,4) [4,4.8) … [7.2,8]: 2 → #2, 4 → #5, 8 → #9
    const b = s.buckets(10);
    expect(b.map((x) => x.count)).toEqual([1, 0, 2, 0, 0, 1, 0, 0, 0, 2]);
    expect(b.map((x) => x.lower_bound)).toEqual([0, 0.8, 1.6, 2.4, 3.2, 4, 4.8, 5.6, 6.4, 7.2]);
    expect(b.map((x) => x.upper_bound)).toEqual([0.8, 1.6, 2.4, 3.2, 4, 4.8, 5.6, 6.4, 7.2, 8]);
  });
});

describe('distinct counter', () => {
  test('exact below the cap, ~1% HLL above it, mergeable', () => {
    const small = new DistinctCounter(100);
    ['a', 'b', 'a', 'c'].forEach((v) => small.add(v));
    expect(small.estimate()).toBe(3);
    expect(small.isExact).toBe(true);

    const a = new DistinctCounter(1000);
    const b = new DistinctCounter(1000);
    for (let i = 0; i < 60_000; i++) a.add(`v${i}`);
    for (let i = 40_000; i < 100_000; i++) b.add(`v${i}`);
    expect(a.isExact).toBe(false);
    expect(Math.abs(a.estimate() - 60_000) / 60_000).toBeLessThan(0.03);
    a.merge(b); // union = 100 000 distinct
    expect(Math.abs(a.estimate() - 100_000) / 100_000).toBeLessThan(0.03);
  });
});
