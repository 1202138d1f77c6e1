// Streaming statistics of one feature: bounded memory (KLL sketch, capped
// categorical counts, capped/HLL distinct counter), mergeable.
import type { Value } from '../parse/values.js';
import { DistinctCounter, hash32 } from '../sketch/distinct.js';
import { KllSketch } from '../sketch/kll.js';
import { classifyTrimmed, FRACTIONAL, INTEGRAL, lastNumber, NULL, sliceOf, STRING, type TypeCounts } from './value-type.js';

export interface FeatureAccumulatorOptions {
  kllK?: number;
  kllC?: number;
  /** Max distinct values kept with exact counts in categorical buckets (default 1000). */
  categoricalCap?: number;
  /** Distinct values counted exactly before switching to HyperLogLog (default 2048). */
  distinctExactCap?: number;
}

/** A character String.prototype.trim never removes (printable ASCII but space). */
const plain = (c: number): boolean => c > 32 && c < 127;

/** 2^16-bit category membership filter (8 KiB per feature, only once its categories are full). */
const FILTER_MASK = (1 << 16) - 1;

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
    // Same rules as classifyValue / stringValue / numericValue, with one trim and one parse per value.
    if (v === null || v === undefined) {
      this.types.Null++;
      return;
    }
    let s: string;
    let cls: number;
    let x = NaN;
    if (typeof v === 'string') {
      s = v.trim();
      cls = classifyTrimmed(s);
      if (cls === NULL) {
        this.types.Null++;
        return;
      }
      if (cls !== STRING) x = lastNumber();
    } else {
      s = String(v);
      if (typeof v === 'number' && Number.isFinite(v)) {
        cls = Number.isInteger(v) ? INTEGRAL : FRACTIONAL;
        x = v;
      } else cls = STRING;
    }
    this.count(cls, x, s, 0, s.length);
  }

  /**
   * add(s.slice(from, to)) for a CSV cell, without making the string where it can: a cell with
   * nothing to trim is classified and hashed where it lies, and sliced only for a category lookup.
   */
  addRange(s: string, from: number, to: number): void {
    if (to <= from || !plain(s.charCodeAt(from)) || !plain(s.charCodeAt(to - 1))) return this.add(s.slice(from, to));
    const cls = classifyTrimmed(s, from, to);
    this.count(cls, cls === STRING ? NaN : lastNumber(), s, from, to);
  }

  /** Counts a present value of class `cls` (number `x` unless STRING), whose text is s.slice(from, to). */
  private count(cls: number, x: number, s: string, from: number, to: number): void {
    if (cls === INTEGRAL) this.types.Integral++;
    else if (cls === FRACTIONAL) this.types.Fractional++;
    else this.types.String++;
    if (this.categories.size >= this.categoricalCap && !this.distinct.isExact) {
      // Both structures saturated: hash once, feed the HLL, and skip the Map lookup for values
      // the membership filter proves absent (no false negatives, so counts are unchanged).
      const h = hash32(s, from, to);
      this.distinct.addHash(h);
      const filter = this.categoryFilter ?? this.buildCategoryFilter();
      if ((filter[(h & FILTER_MASK) >>> 5]! & (1 << (h & 31))) === 0) this.overflowCount++;
      else this.countCategory(sliceOf(s, from, to), 1);
    } else {
      // A category key was added to `distinct` when it was first counted (add and merge keep that
      // true), so a value already counted needs no second add there: the same counts, one lookup.
      const v = sliceOf(s, from, to);
      const c = this.categories.get(v);
      if (c !== undefined) this.categories.set(v, c + 1);
      else {
        this.distinct.add(v);
        this.countCategory(v, 1);
      }
    }
    if (cls !== STRING) this.addNumber(x);
  }

  /**
   * Bit set over hash32 of the category keys, built once the categories are full (no key is
   * added after that, so it stays exact: a clear bit means the value is not a key).
   */
  private categoryFilter: Uint32Array | null = null;

  private buildCategoryFilter(): Uint32Array {
    const f = new Uint32Array((FILTER_MASK + 1) >>> 5);
    for (const k of this.categories.keys()) {
      const h = hash32(k);
      f[(h & FILTER_MASK) >>> 5]! |= 1 << (h & 31);
    }
    this.categoryFilter = f;
    return f;
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
