// KLL quantile sketch (Karnin, Lang & Liberty 2016), the structure behind
// SageMaker/Deequ's `distribution.kll` (parameters c=0.64, k=2048 by default).
//
// Contract: bounded memory — at most Σ_h max(2, ceil(k·c^(H-h-1))+1) items, i.e.
// O(k) regardless of n; mergeable (merge(a,b) has the same error guarantee as a
// sketch of a∪b); rank error ≈ O(1/k) of n with high probability (for k=2048
// well under 0.5%; tests check 1%). Level h items each stand for 2^h inputs.
// Compaction coin flips come from a seeded PRNG so results are reproducible.

export interface KllSketchJson {
  parameters: { c: number; k: number };
  /** data[h] = items held at level h (weight 2^h), as SageMaker writes them. */
  data: number[][];
}

export class KllSketch {
  private levels: number[][] = [[]];
  private size = 0;
  private maxSize = 0;
  private seed: number;
  count = 0;
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly k = 2048,
    readonly c = 0.64,
    seed = 0x9e3779b9,
  ) {
    this.seed = seed >>> 0 || 1;
    this.maxSize = this.computeMaxSize();
  }

  /** capacity(h) for the current number of levels (recomputed when a level is added). */
  private caps: number[] = [];

  private capacity(h: number): number {
    const depth = this.levels.length - h - 1;
    return Math.max(2, Math.ceil(this.k * Math.pow(this.c, depth)) + 1);
  }

  private computeMaxSize(): number {
    let s = 0;
    const caps: number[] = [];
    for (let h = 0; h < this.levels.length; h++) {
      const c = this.capacity(h);
      caps.push(c);
      s += c;
    }
    this.caps = caps;
    return s;
  }

  private coin(): boolean {
    // xorshift32
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return (this.seed & 1) === 1;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.levels[0]!.push(x);
    this.size++;
    if (this.size >= this.maxSize) this.compress();
  }

  /** Compacts the lowest full level(s) until the sketch fits again. */
  private compress(): void {
    for (let h = 0; h < this.levels.length; h++) {
      const level = this.levels[h]!;
      const len = level.length;
      if (len < this.caps[h]!) continue;
      if (h + 1 >= this.levels.length) {
        this.levels.push([]);
        this.maxSize = this.computeMaxSize();
      }
      // In-place ascending sort (same order as sort((a, b) => a - b) for the finite items held here).
      // Above level 0 a level is mostly a few ascending runs (each compaction below promotes one):
      // those are merged, in linear time, instead of sorted.
      if (!mergeRuns(level, len)) sortNumbers(level, 0, len - 1);
      const sorted = level;
      // keep the odd element (if any) at this level; promote every other item
      const odd = len % 2 === 1;
      const m = odd ? len - 1 : len;
      const next = this.levels[h + 1]!;
      let promoted = 0;
      for (let i = this.coin() ? 1 : 0; i < m; i += 2) {
        next.push(sorted[i]!);
        promoted++;
      }
      const last = sorted[len - 1]!;
      level.length = 0;
      if (odd) level.push(last);
      this.size += promoted + (odd ? 1 : 0) - len;
      if (this.size < this.maxSize) break;
    }
  }

  merge(other: KllSketch): this {
    if (other.k !== this.k || other.c !== this.c) throw new Error('KllSketch.merge: different k/c parameters');
    while (this.levels.length < other.levels.length) this.levels.push([]);
    this.maxSize = this.computeMaxSize();
    other.levels.forEach((l, h) => this.levels[h]!.push(...l));
    this.count += other.count;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.size = this.levels.reduce((s, l) => s + l.length, 0);
    while (this.size >= this.maxSize) this.compress();
    return this;
  }

  /** Weighted items sorted by value: [value, weight][]. Total weight equals `count`. */
  weightedItems(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    this.levels.forEach((l, h) => {
      const w = 2 ** h;
      for (const v of l) out.push([v, w]);
    });
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Estimated number of inputs ≤ x. */
  rank(x: number): number {
    let r = 0;
    this.levels.forEach((l, h) => {
      const w = 2 ** h;
      for (const v of l) if (v <= x) r += w;
    });
    return r;
  }

  /** Estimated fraction of inputs ≤ x. */
  cdf(x: number): number {
    return this.count === 0 ? 0 : this.rank(x) / this.totalWeight();
  }

  private totalWeight(): number {
    return this.levels.reduce((s, l, h) => s + l.length * 2 ** h, 0);
  }

  /** Smallest retained item whose estimated rank reaches q·n (q in [0,1]); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const items = this.weightedItems();
    const target = q * this.totalWeight();
    let acc = 0;
    for (const [v, w] of items) {
      acc += w;
      if (acc >= target) return v;
    }
    return this.max;
  }

  /**
   * `n` equal-width buckets over [min, max] with estimated counts, as SageMaker writes them:
   * bucket i covers [lower, upper), the last one [lower, max]. Bound i is min + (max − min)·i/n,
   * SageMaker's arithmetic (so 2.4 prints as 2.4, not 2.4000000000000004). Counts come from the
   * weighted items so they sum to count.
   */
  buckets(n = 10): Array<{ lower_bound: number; upper_bound: number; count: number }> {
    if (this.count === 0) return [];
    const lo = this.min;
    const hi = this.max;
    const bound = (i: number): number => (i === n ? hi : lo + ((hi - lo) * i) / n);
    const out = Array.from({ length: n }, (_, i) => ({ lower_bound: bound(i), upper_bound: bound(i + 1), count: 0 }));
    if (hi === lo) {
      out[0]!.count = this.count;
      return out;
    }
    const scale = this.count / this.totalWeight();
    const width = (hi - lo) / n;
    for (const [v, w] of this.weightedItems()) {
      // The estimate can be off by one either way at an edge: settle it on the written bounds.
      let i = Math.min(n - 1, Math.max(0, Math.floor((v - lo) / width)));
      while (i > 0 && v < out[i]!.lower_bound) i--;
      while (i < n - 1 && v >= out[i + 1]!.lower_bound) i++;
      out[i]!.count += w * scale;
    }
    return out;
  }

  toJSON(): KllSketchJson {
    return { parameters: { c: this.c, k: this.k }, data: this.levels.map((l) => [...l]) };
  }

  /** Rebuilds a sketch from statistics.json (`count`/min/max recomputed from the items). */
  static fromJSON(j: KllSketchJson): KllSketch {
    const s = new KllSketch(j.parameters.k, j.parameters.c);
    s.levels = j.data.length ? j.data.map((l) => l.filter(Number.isFinite)) : [[]];
    s.maxSize = s.computeMaxSize();
    s.size = s.levels.reduce((a, l) => a + l.length, 0);
    s.count = s.totalWeight();
    for (const l of s.levels) for (const v of l) {
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
    }
    return s;
  }
}

/** Levels of more ascending runs than this are sorted instead (merging costs a pass per halving). */
const MAX_RUNS = 8;
let scratch: number[] = [];

/**
 * Sorts a[0..len) in place by merging its ascending runs, when it has at most MAX_RUNS of them;
 * false (a untouched) otherwise. Stable, so the result is sortNumbers' (equal items are equal values).
 */
function mergeRuns(a: number[], len: number): boolean {
  let bounds = [0];
  for (let i = 1; i < len; i++) {
    if (a[i]! < a[i - 1]!) {
      if (bounds.length === MAX_RUNS) return false;
      bounds.push(i);
    }
  }
  if (bounds.length === 1) return true;
  bounds.push(len);
  let src = a;
  let dst = scratch;
  while (bounds.length > 2) {
    const next = [0];
    for (let k = 0; k + 1 < bounds.length; k += 2) {
      const lo = bounds[k]!;
      const mid = bounds[k + 1]!;
      const hi = k + 2 < bounds.length ? bounds[k + 2]! : mid;
      let i = lo;
      let j = mid;
      let w = lo;
      while (i < mid && j < hi) dst[w++] = src[j]! < src[i]! ? src[j++]! : src[i++]!;
      while (i < mid) dst[w++] = src[i++]!;
      while (j < hi) dst[w++] = src[j++]!;
      next.push(hi);
    }
    bounds = next;
    [src, dst] = [dst, src];
  }
  if (src !== a) for (let i = 0; i < len; i++) a[i] = src[i]!;
  scratch = src === a ? dst : src;
  return true;
}

/**
 * Ascending in-place sort of a[lo..hi] (finite numbers): quicksort with a median-of-three
 * pivot and Hoare partitioning (balanced on runs of equal values), insertion sort for short ranges.
 * Much faster than Array.prototype.sort with a comparator callback.
 */
export function sortNumbers(a: number[], lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // median of three into a[mid], with a[lo] <= a[mid] <= a[hi]
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    // recurse into the smaller part, loop on the larger (O(log n) stack)
    if (j - lo < hi - j) {
      sortNumbers(a, lo, j);
      lo = j + 1;
    } else {
      sortNumbers(a, j + 1, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function swap(a: number[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Kolmogorov–Smirnov statistic between two sketches: max over x of |F_a(x) − F_b(x)|,
 * evaluated at every retained item of either sketch (the CDFs are step functions
 * that only change there). Used as the numeric baseline_drift_check distance.
 */
export function maxCdfDistance(a: KllSketch, b: KllSketch): number {
  const ia = a.weightedItems();
  const ib = b.weightedItems();
  const ta = ia.reduce((s, [, w]) => s + w, 0);
  const tb = ib.reduce((s, [, w]) => s + w, 0);
  if (ta === 0 || tb === 0) return ta === tb ? 0 : 1;
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  let d = 0;
  while (i < ia.length || j < ib.length) {
    const x = Math.min(ia[i]?.[0] ?? Infinity, ib[j]?.[0] ?? Infinity);
    while (i < ia.length && ia[i]![0] === x) ca += ia[i++]![1];
    while (j < ib.length && ib[j]![0] === x) cb += ib[j++]![1];
    d = Math.max(d, Math.abs(ca / ta - cb / tb));
  }
  return d;
}
