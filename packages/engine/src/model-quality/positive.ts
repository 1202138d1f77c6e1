// Which ground-truth or predicted value is the positive class of a binary problem.
import type { Value } from '../parse/values.js';

/**
 * Positive iff the text equals the positive label, or both parse to the same
 * number ("1" vs 1.0). Booleans (or "true"/"false" text, any case) match a
 * "true"/"false" positive label, else count as 1/0 against a numeric one.
 */
export function isPositive(v: Value, positive: string): boolean {
  if (v === null) return false;
  const s = typeof v === 'string' ? v.trim() : String(v);
  const lower = s.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    const p = positive.toLowerCase();
    if (p === 'true' || p === 'false') return lower === p;
    return (lower === 'true') === (p === '1');
  }
  if (s === positive) return true;
  const a = Number(s);
  const b = Number(positive);
  return s !== '' && positive !== '' && Number.isFinite(a) && a === b;
}
