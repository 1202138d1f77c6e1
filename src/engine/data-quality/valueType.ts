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

const INTEGRAL = /^[+-]?\d+$/;
const FRACTIONAL = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

export function classifyValue(v: Value | undefined): ValueClass {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'String';
    return Number.isInteger(v) ? 'Integral' : 'Fractional';
  }
  if (typeof v === 'boolean') return 'String';
  const s = v.trim();
  if (s === '') return 'Null';
  if (INTEGRAL.test(s)) return 'Integral';
  if (FRACTIONAL.test(s) && Number.isFinite(Number(s))) return 'Fractional';
  return 'String';
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

/** How many present values conform to `expected` (Integral values also conform to Fractional; anything to String). */
export function conformingCount(c: TypeCounts, expected: InferredType): number {
  switch (expected) {
    case 'Integral':
      return c.Integral;
    case 'Fractional':
      return c.Integral + c.Fractional;
    case 'String':
    case 'Unknown':
      return c.Integral + c.Fractional + c.String;
  }
}
