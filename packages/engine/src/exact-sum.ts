// Sums of doubles without rounding error (Shewchuk 1997, the algorithm of Python's math.fsum): the
// running sum is held as non-overlapping partials whose exact total is the true sum, and is rounded
// once when read. So a sum, and every figure computed from sums, does not depend on the order of
// the additions nor on how a window was split into parts and merged again.

export class ExactSum {
  /** Non-overlapping, increasing in magnitude; their exact total is the sum of the finite values added. */
  partials: number[] = [];
  /** The naive sum of non-finite values added (NaN, ±Infinity): the result when not 0. */
  nonFinite = 0;

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.nonFinite += x;
      return;
    }
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p[i] = x;
    p.length = i + 1;
  }

  merge(o: ExactSum): this {
    for (const x of o.partials) this.add(x);
    this.nonFinite += o.nonFinite;
    return this;
  }

  /** The sum, correctly rounded (half to even). */
  value(): number {
    if (this.nonFinite !== 0) return this.nonFinite;
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
