// Typed, non-throwing errors for everything the engine reads from outside.
// Parsers return `Result`; nothing in this package throws on bad *data* (only on
// programmer errors such as merging incompatible accumulators).

export type EngineErrorKind =
  | 'MALFORMED_JSON' // the line is not JSON
  | 'INVALID_RECORD' // JSON, but not the expected shape (zod issues in message)
  | 'MALFORMED_CSV' // unterminated quote etc.
  | 'WRONG_COLUMN_COUNT' // CSV row with a different number of fields than expected
  | 'UNSUPPORTED_ENCODING' // capture encoding other than CSV/JSON (e.g. BASE64)
  | 'INVALID_DURATION' // offset is not a negative ISO-8601 duration
  | 'INVALID_WINDOW' // start not before end, too long, missing one-time bound
  | 'EMPTY_WINDOW' // nothing to analyse
  | 'INVALID_CONFIG'; // bad monitor configuration (facet, labels, ...)

export interface EngineError {
  kind: EngineErrorKind;
  message: string;
  /** 1-based line number in the source file, when the error comes from a line. */
  line?: number;
  /** For WRONG_COLUMN_COUNT. */
  expected?: number;
  actual?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: EngineError): Result<T> => ({ ok: false, error });

/**
 * The value of a result that fails only on a programming error (a state made by an analysis of the
 * same settings, settings accepted once already); throws its message otherwise.
 */
export function valueOrThrow<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Human-readable one-liner, e.g. "line 3: WRONG_COLUMN_COUNT: expected 4 columns, got 3". */
export function formatEngineError(e: EngineError): string {
  return `${e.line !== undefined ? `line ${e.line}: ` : ''}${e.kind}: ${e.message}`;
}
