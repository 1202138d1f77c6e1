// Distribution distances used by baseline_drift_check.

/** L∞ distance between two categorical distributions: max over values v of |p(v) − q(v)| (counts normalised by their totals). */
export function lInfinity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const ta = total(a);
  const tb = total(b);
  if (ta === 0 || tb === 0) return ta === tb ? 0 : 1;
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) d = Math.max(d, Math.abs((a.get(k) ?? 0) / ta - (b.get(k) ?? 0) / tb));
  return d;
}

/**
 * Pearson chi-squared test of homogeneity on the 2×K table (baseline counts vs
 * live counts, K = values seen in either). Returns the statistic, degrees of
 * freedom K−1, and the p-value P(χ²_{K−1} ≥ stat). p = 1 when K < 2.
 */
export function chiSquaredTest(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): { statistic: number; df: number; pValue: number } {
  const ta = total(a);
  const tb = total(b);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const n = ta + tb;
  if (keys.length < 2 || ta === 0 || tb === 0) return { statistic: 0, df: Math.max(0, keys.length - 1), pValue: 1 };
  let stat = 0;
  for (const k of keys) {
    const col = (a.get(k) ?? 0) + (b.get(k) ?? 0);
    const ea = (col * ta) / n;
    const eb = (col * tb) / n;
    stat += ((a.get(k) ?? 0) - ea) ** 2 / ea + ((b.get(k) ?? 0) - eb) ** 2 / eb;
  }
  const df = keys.length - 1;
  return { statistic: stat, df, pValue: 1 - regularizedGammaP(df / 2, stat / 2) };
}

/**
 * Two-sample Kolmogorov–Smirnov critical value at α = 0.05:
 * 1.358·sqrt((n+m)/(n·m)). The "Robust" comparison flags drift only when the
 * distance also exceeds this, so small windows do not raise noise violations.
 */
export const ksCritical = (n: number, m: number): number => (n > 0 && m > 0 ? 1.358 * Math.sqrt((n + m) / (n * m)) : Infinity);

function total(m: ReadonlyMap<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

/** ln Γ(x), Lanczos approximation (g=7, 9 terms; ~1e-15 relative error). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(s, x) (series for x < s+1, continued fraction otherwise). */
export function regularizedGammaP(s: number, x: number): number {
  if (x <= 0) return 0;
  const lg = lnGamma(s);
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + s * Math.log(x) - lg);
  }
  // Lentz's continued fraction for Q(s, x)
  let b = x + 1 - s;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + s * Math.log(x) - lg) * h;
}
