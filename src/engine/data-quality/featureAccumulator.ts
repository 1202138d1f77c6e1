// Streaming statistics of one feature: bounded memory (KLL sketch, capped
// categorical counts, capped/HLL distinct counter), mergeable.
import type { Value } from '../parse/values.js';
import { DistinctCounter } from '../sketch/distinct.js';
import { KllSketch } from '../sketch/kll.js';
import { classifyValue, numericValue, stringValue, type TypeCounts } from './valueType.js';

export interface FeatureAccumulatorOptions {
  kllK?: number;
  kllC?: number;
  /** Max distinct values kept with exact counts in categorical buckets (default 1000). */
  categoricalCap?: number;
  /** Distinct values counted exactly before switching to HyperLogLog (default 2048). */
  distinctExactCap?: number;
}

export class FeatureAccumulator {
  readonly types: TypeCounts = { Null: 0, Integral: 0, Fractional: 0, String: 0 };
  /** Welford running moments over numeric values (merged with Chan et al.'s formula). */
  numCount = 0;
  mean = 0;
  m2 = 0;
  sum = 0;
  readonly sketch: KllSketch;
  /** Exact counts of the first `categoricalCap` distinct values; later new values go to `overflowCount`. */
  readonly categories = new Map<string, number>();
  overflowCount = 0;
  readonly distinct: DistinctCounter;
  private readonly categoricalCap: number;

  constructor(readonly name: string, opts: FeatureAccumulatorOptions = {}) {
    this.sketch = new KllSketch(opts.kllK ?? 2048, opts.kllC ?? 0.64);
    this.categoricalCap = opts.categoricalCap ?? 1000;
    this.distinct = new DistinctCounter(opts.distinctExactCap ?? 2048);
  }

  get present(): number {
    return this.types.Integral + this.types.Fractional + this.types.String;
  }

  add(v: Value | undefined): void {
    const cls = classifyValue(v);
    this.types[cls]++;
    if (cls === 'Null') return;
    const s = stringValue(v as Value);
    this.distinct.add(s);
    this.countCategory(s, 1);
    if (cls === 'Integral' || cls === 'Fractional') this.addNumber(numericValue(v as Value));
  }

  private countCategory(s: string, n: number): void {
    const c = this.categories.get(s);
    if (c !== undefined) this.categories.set(s, c + n);
    else if (this.categories.size < this.categoricalCap) this.categories.set(s, n);
    else this.overflowCount += n;
  }

  private addNumber(x: number): void {
    this.numCount++;
    this.sum += x;
    const d = x - this.mean;
    this.mean += d / this.numCount;
    this.m2 += d * (x - this.mean);
    this.sketch.add(x);
  }

  merge(o: FeatureAccumulator): this {
    for (const k of ['Null', 'Integral', 'Fractional', 'String'] as const) this.types[k] += o.types[k];
    if (o.numCount > 0) {
      const n = this.numCount + o.numCount;
      const d = o.mean - this.mean;
      this.m2 += o.m2 + (d * d * this.numCount * o.numCount) / n;
      this.mean += (d * o.numCount) / n;
      this.numCount = n;
      this.sum += o.sum;
    }
    this.sketch.merge(o.sketch);
    for (const [k, n] of o.categories) this.countCategory(k, n);
    this.overflowCount += o.overflowCount;
    this.distinct.merge(o.distinct);
    return this;
  }

  /** Population standard deviation (divide by n, as Deequ's StandardDeviation). */
  get stdDev(): number {
    return this.numCount > 0 ? Math.sqrt(this.m2 / this.numCount) : 0;
  }
}
