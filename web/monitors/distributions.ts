// The baseline against a run as two distributions on shared bins, for bars side by side: a
// data-quality feature's entries of statistics.json (numerical: the KLL buckets, put on common
// equal-width bins; string: the categorical buckets), each side as fractions of its records,
// since a baseline and an hour of traffic count different numbers of records. Also the
// baseline's attributions (feature attribution: analysis.json's kernel_shap). Pure.

export interface Comparison {
  kind: 'numerical' | 'categorical';
  labels: string[];
  baseline: number[];
  current: number[];
}

interface Kll {
  lower_bound: number;
  upper_bound: number;
  count: number;
}

const BINS = 10;
const TOP_VALUES = 10;

type Doc = Record<string, unknown> | null | undefined;
const obj = (v: unknown): Doc => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)?.[k], v);

const kll = (entry: unknown): Kll[] => {
  const b = at(entry, 'numerical_statistics', 'distribution', 'kll', 'buckets');
  return Array.isArray(b) ? b.filter((x): x is Kll => typeof obj(x)?.lower_bound === 'number' && typeof obj(x)?.upper_bound === 'number' && typeof obj(x)?.count === 'number') : [];
};

const categorical = (entry: unknown): Array<{ value: string; count: number }> => {
  const b = at(entry, 'string_statistics', 'distribution', 'categorical', 'buckets');
  return Array.isArray(b) ? b.filter((x): x is { value: string; count: number } => typeof obj(x)?.value === 'string' && typeof obj(x)?.count === 'number') : [];
};

const fractions = (counts: number[]): number[] => {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
};

/** A bucket's count spread over the bins it overlaps (all in one bin when it has no width). */
function rebin(buckets: readonly Kll[], lo: number, width: number): number[] {
  const out = new Array<number>(BINS).fill(0);
  const bin = (x: number) => Math.min(BINS - 1, Math.max(0, Math.floor((x - lo) / width)));
  for (const b of buckets) {
    const span = b.upper_bound - b.lower_bound;
    if (span <= 0) {
      out[bin(b.lower_bound)]! += b.count;
      continue;
    }
    for (let i = bin(b.lower_bound); i <= bin(b.upper_bound); i++) {
      const overlap = Math.min(b.upper_bound, lo + (i + 1) * width) - Math.max(b.lower_bound, lo + i * width);
      if (overlap > 0) out[i]! += (b.count * overlap) / span;
    }
  }
  return out;
}

const label = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(2)).toString());

export function compareDistributions(baseline: unknown, current: unknown): Comparison | null {
  const [bk, ck] = [kll(baseline), kll(current)];
  if (bk.length > 0 || ck.length > 0) {
    const all = [...bk, ...ck];
    const lo = Math.min(...all.map((b) => b.lower_bound));
    const hi = Math.max(...all.map((b) => b.upper_bound));
    const width = hi > lo ? (hi - lo) / BINS : 1;
    const labels = Array.from({ length: BINS }, (_, i) => `${label(lo + i * width)}–${label(lo + (i + 1) * width)}`);
    return { kind: 'numerical', labels, baseline: fractions(rebin(bk, lo, width)), current: fractions(rebin(ck, lo, width)) };
  }
  const [bc, cc] = [categorical(baseline), categorical(current)];
  if (bc.length === 0 && cc.length === 0) return null;
  const count = (list: typeof bc, value: string) => list.filter((b) => b.value === value).reduce((s, b) => s + b.count, 0);
  const values = [...new Set([...bc, ...cc].map((b) => b.value))].sort((a, b) => count(bc, b) + count(cc, b) - count(bc, a) - count(cc, a));
  const top = values.slice(0, TOP_VALUES);
  const rest = values.slice(TOP_VALUES);
  const side = (list: typeof bc) => [...top.map((v) => count(list, v)), ...(rest.length > 0 ? [rest.reduce((s, v) => s + count(list, v), 0)] : [])];
  return { kind: 'categorical', labels: [...top, ...(rest.length > 0 ? [`${rest.length} others`] : [])], baseline: fractions(side(bc)), current: fractions(side(cc)) };
}

/** The global SHAP value per feature of a label in a Clarify analysis.json (a feature attribution baseline's constraints). */
export function attributions(analysis: unknown, label = 'label0'): Record<string, number> {
  const values = obj(at(analysis, 'explanations', 'kernel_shap', label, 'global_shap_values')) ?? {};
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}
