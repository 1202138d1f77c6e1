// Distinct-value counter: exact (a Set) up to `exactCap` values, then a
// HyperLogLog with 2^p registers (p=14 → ~0.8% standard error, 16 KiB).
// Mergeable; memory bounded by max(exactCap strings, 2^p bytes).

const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** 32-bit FNV-1a followed by a murmur3 finalizer (good avalanche for HLL); of s.slice(from, to) when given. */
export function hash32(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class DistinctCounter {
  private exact: Set<string> | null = new Set();
  private registers: Uint8Array | null = null;

  constructor(readonly exactCap = 10_000) {}

  add(v: string): void {
    if (this.exact) {
      this.exact.add(v);
      if (this.exact.size > this.exactCap) this.toHll();
      return;
    }
    this.addHll(v);
  }

  private toHll(): void {
    this.registers = new Uint8Array(M);
    for (const v of this.exact ?? []) this.addHll(v);
    this.exact = null;
  }

  /**
   * Adds a value whose hash32 the caller already computed (only valid once `isExact` is false;
   * identical to add(v) then).
   */
  addHash(h: number): void {
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rho = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const regs = this.registers!;
    if (rho > regs[idx]!) regs[idx] = rho;
  }

  private addHll(v: string): void {
    const h = hash32(v);
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rho = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const regs = this.registers!;
    if (rho > regs[idx]!) regs[idx] = rho;
  }

  get isExact(): boolean {
    return this.exact !== null;
  }

  merge(other: DistinctCounter): this {
    if (this.exact && other.exact) {
      for (const v of other.exact) this.exact.add(v);
      if (this.exact.size > this.exactCap) this.toHll();
      return this;
    }
    if (this.exact) this.toHll();
    if (other.exact) for (const v of other.exact) this.addHll(v);
    else {
      const regs = this.registers!;
      const theirs = other.registers!;
      for (let i = 0; i < M; i++) if (theirs[i]! > regs[i]!) regs[i] = theirs[i]!;
    }
    return this;
  }

  /** Exact count while exact; otherwise the HLL estimate with small-range (linear counting) correction. */
  estimate(): number {
    if (this.exact) return this.exact.size;
    const regs = this.registers!;
    let sum = 0;
    let zeros = 0;
    for (const r of regs) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const e = (ALPHA * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(e);
  }
}
