// The scalar a feature cell can hold after parsing: CSV cells are strings, JSON
// cells keep their JSON type. null/undefined/"" all mean "missing".
export type Value = string | number | boolean | null;

/** A row with named columns (positional rows are named `_c0`, `_c1`, ... like Spark). */
export type Row = Record<string, Value>;

const POSITIONAL: string[] = [];
/** `_c${i}` (cached, so every row shares the same name strings). */
export const positionalName = (i: number): string => POSITIONAL[i] ?? (i < 4096 ? (POSITIONAL[i] = `_c${i}`) : `_c${i}`);

export function toRow(values: readonly Value[], names?: readonly string[]): Row {
  const row: Row = {};
  for (let i = 0; i < values.length; i++) row[names?.[i] ?? positionalName(i)] = values[i]!;
  return row;
}

/** Coerces an arbitrary JSON value to a cell: nested objects/arrays become their JSON text. */
export function toValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Follows a dotted path ("predictions.0.score"); numeric segments index arrays. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (seg === '') continue;
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** A cell as a finite number, else undefined ("" and booleans are not numbers). */
export function numberOf(v: Value | undefined): number | undefined {
  if (v === undefined || v === null || v === '' || typeof v === 'boolean') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}
