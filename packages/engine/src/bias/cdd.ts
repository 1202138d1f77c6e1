// Conditional demographic disparity (smclarify's common.CDD, behind CDDL and CDDPL),
// from counts kept per value of the group variable: a confusion table for facet a
// and one for facet d, so both the observed (CDDL) and predicted (CDDPL) labels are there.
//   per group i:  A_i = positives in d / positives,  D_i = negatives in d / negatives
//                 (each 0 when its denominator is 0);  DD_i = D_i − A_i
//   CDD = Σ n_i·DD_i / Σ n_i   (n_i = records in group i)
// Over all records first: no positive outcome, or no negative one, is Clarify's error.
// A record whose group value is missing counts in those totals and in no group
// (pandas' NaN equals no group value).
import type { Value } from '../parse/values.js';
import { divide, emptyConfusion, NO_GROUP_VARIABLE, type Confusion, type MetricOutcome } from './metrics.js';

/** Confusion tables of facets a and d, by group value (groupKey). */
export type GroupCounts = Map<string, { a: Confusion; d: Confusion }>;

/**
 * The group a value names, or null when missing. Numeric text is one group with its
 * number ("1", "1.0" and 1 alike), as a numeric column read by pandas is.
 */
export function groupKey(v: Value): string | null {
  if (v === null) return null;
  const s = typeof v === 'string' ? v.trim() : String(v);
  if (s === '') return null;
  const x = Number(s);
  return Number.isFinite(x) ? String(x) : s;
}

function groupOf(groups: GroupCounts, key: string): { a: Confusion; d: Confusion } {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { a: emptyConfusion(), d: emptyConfusion() }));
  return g;
}

/** Adds one record's confusion cell to its group. */
export function countInGroup(groups: GroupCounts, key: string, inD: boolean, cell: keyof Confusion): void {
  const g = groupOf(groups, key);
  (inD ? g.d : g.a)[cell]++;
}

export function mergeGroups(into: GroupCounts, from: GroupCounts): void {
  for (const [key, g] of from) {
    const t = groupOf(into, key);
    for (const cell of ['tp', 'fp', 'fn', 'tn'] as const) {
      t.a[cell] += g.a[cell];
      t.d[cell] += g.d[cell];
    }
  }
}

/** Which outcome is compared: the observed label (CDDL) or the predicted one (CDDPL). */
type Outcome = 'label' | 'predicted';

const positives = (c: Confusion, o: Outcome): number => (o === 'label' ? c.tp + c.fn : c.tp + c.fp);
const negatives = (c: Confusion, o: Outcome): number => (o === 'label' ? c.fp + c.tn : c.fn + c.tn);

/** Groups in a fixed order (numbers by value, then text), so the sum does not depend on record order. */
function ordered(groups: GroupCounts): Array<{ a: Confusion; d: Confusion }> {
  const keys = [...groups.keys()].sort((x, y) => {
    const nx = Number(x), ny = Number(y);
    const numX = Number.isFinite(nx), numY = Number.isFinite(ny);
    if (numX && numY) return nx - ny;
    if (numX !== numY) return numX ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return keys.map((k) => groups.get(k)!);
}

/** CDD of the outcome; `groups` null when no group variable is configured (Clarify's error). */
export function conditionalDemographicDisparity(groups: GroupCounts | null, a: Confusion, d: Confusion, o: Outcome): MetricOutcome {
  if (groups === null) return { error: NO_GROUP_VARIABLE };
  if (positives(a, o) + positives(d, o) === 0) return { error: 'No positive labels in set' };
  if (negatives(a, o) + negatives(d, o) === 0) return { error: 'No negative labels in set' };
  let weighted = 0;
  let n = 0;
  for (const g of ordered(groups)) {
    const pos = positives(g.a, o) + positives(g.d, o);
    const neg = negatives(g.a, o) + negatives(g.d, o);
    const A = pos !== 0 ? positives(g.d, o) / pos : 0;
    const D = neg !== 0 ? negatives(g.d, o) / neg : 0;
    weighted += (pos + neg) * (D - A);
    n += pos + neg;
  }
  return divide(weighted, n);
}
