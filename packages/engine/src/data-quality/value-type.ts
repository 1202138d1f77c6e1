// Per-value and per-feature type inference, following Deequ's DataType analyzer
// (which SageMaker's model-monitor-analyzer uses):
//   value classes: Null (null, undefined, "" or whitespace), Integral (/^[+-]?\d+$/),
//   Fractional (decimal with a "." or exponent, finite), String (everything else,
//   including booleans, NaN, Infinity).
//   feature type (Deequ's DataTypeHistogram.determineType, precedence not majority):
//     all values Null            → Unknown
//     any String value present    → String
//     else any Fractional present → Fractional
//     else                        → Integral
// Deviation from Deequ: exponent notation ("1e-3") counts as Fractional (JSON
// serialisers emit it); Deequ would call it String.
import type { Value } from '../parse/values.js';

export type InferredType = 'Integral' | 'Fractional' | 'String' | 'Unknown';
export type ValueClass = 'Null' | 'Integral' | 'Fractional' | 'String';

/** Value classes as small integers (hot path): see CLASS_NAMES. */
export const NULL = 0;
export const INTEGRAL = 1;
export const FRACTIONAL = 2;
export const STRING = 3;
export const CLASS_NAMES: readonly ValueClass[] = ['Null', 'Integral', 'Fractional', 'String'];

/**
 * Classifies an already-trimmed string with a char-code scanner equivalent to
 *   ''                                          → Null
 *   /^[+-]?\d+$/                                → Integral
 *   /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/ and Number(s) finite → Fractional
 *   anything else                               → String
 * (\d is ASCII 0-9 only, as in a non-unicode RegExp). Returns NULL/INTEGRAL/FRACTIONAL/STRING.
 * With `from`/`to`, classifies s.slice(from, to) without making it.
 */
let scannedNumber = NaN;
/** Number(s) of the last string classifyTrimmed found INTEGRAL or FRACTIONAL (saves parsing it twice). */
export const lastNumber = (): number => scannedNumber;

/** s.slice(from, to), without a copy when that is all of s. */
export const sliceOf = (s: string, from: number, to: number): string => (from === 0 && to === s.length ? s : s.slice(from, to));

/** Exact powers of ten (10^0..10^22 are exactly representable as doubles). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export function classifyTrimmed(s: string, from = 0, to = s.length): number {
  const n = to;
  if (n === from) return NULL;
  let i = from;
  let c = s.charCodeAt(from);
  let neg = false;
  if (c === 43 /* + */ || c === 45 /* - */) {
    neg = c === 45;
    i = from + 1;
  }
  // m accumulates every digit (exact while at most 15 digits: < 2^53)
  let m = 0;
  const intStart = i;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  if (i === n) {
    if (intDigits === 0) return STRING;
    scannedNumber = intDigits <= 15 ? (neg ? -m : m) : Number(sliceOf(s, from, to));
    return INTEGRAL;
  }
  let fracDigits = 0;
  if (c === 46 /* . */) {
    i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      i++;
      fracDigits++;
    }
  }
  if (intDigits === 0 && fracDigits === 0) return STRING;
  if (i === n && intDigits + fracDigits <= 15) {
    // Clinger's fast path: an exact integer divided by an exact power of ten is correctly rounded,
    // so this equals Number(s).
    const x = m / POW10[fracDigits]!;
    scannedNumber = neg ? -x : x;
    return FRACTIONAL;
  }
  if (i < n) {
    c = s.charCodeAt(i);
    if (c !== 101 /* e */ && c !== 69 /* E */) return STRING;
    i++;
    if (i < n && ((c = s.charCodeAt(i)) === 43 || c === 45)) i++;
    const expStart = i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === expStart || i !== n) return STRING;
  }
  const x = Number(sliceOf(s, from, to));
  if (!Number.isFinite(x)) return STRING;
  scannedNumber = x;
  return FRACTIONAL;
}

/** Class of a cell as an integer (NULL/INTEGRAL/FRACTIONAL/STRING); same rules as classifyValue. */
export function classifyCode(v: Value | undefined): number {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'string') return classifyTrimmed(v.trim());
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return STRING;
    return Number.isInteger(v) ? INTEGRAL : FRACTIONAL;
  }
  return STRING;
}

export function classifyValue(v: Value | undefined): ValueClass {
  return CLASS_NAMES[classifyCode(v)]!;
}

/** Numeric value of an Integral/Fractional cell (call only for those classes). */
export const numericValue = (v: Value): number => (typeof v === 'number' ? v : Number(String(v).trim()));

/** Canonical text of a present cell, used for categorical counts and domains. */
export const stringValue = (v: Value): string => (typeof v === 'string' ? v.trim() : String(v));

export interface TypeCounts {
  Null: number;
  Integral: number;
  Fractional: number;
  String: number;
}

export function inferType(c: TypeCounts): InferredType {
  if (c.Integral + c.Fractional + c.String === 0) return 'Unknown';
  if (c.String > 0) return 'String';
  if (c.Fractional > 0) return 'Fractional';
  return 'Integral';
}

/**
 * How many present values conform to `expected`: Integral values also conform to Fractional; a
 * String constraint takes only String values (a column of numbers is 0 % String for SageMaker);
 * anything conforms to Unknown.
 */
export function conformingCount(c: TypeCounts, expected: InferredType): number {
  switch (expected) {
    case 'Integral':
      return c.Integral;
    case 'Fractional':
      return c.Integral + c.Fractional;
    case 'String':
      return c.String;
    case 'Unknown':
      return c.Integral + c.Fractional + c.String;
  }
}
