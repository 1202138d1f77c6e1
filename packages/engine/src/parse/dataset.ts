// Baseline dataset rows, fed one line at a time (CSV with or without header, or JSON Lines).
import { err, ok, type Result } from '../errors.js';
import { checkColumnCount, parseCsvRow } from './csv.js';
import { positionalName, toRow, toValue, type Row } from './values.js';

export type DatasetFormat = { format: 'csv'; header: boolean; columnNames?: readonly string[] } | { format: 'jsonl' };

/**
 * Stateful line reader: the first CSV line is the header when `header` is true;
 * otherwise columns are `columnNames` or `_c0`, `_c1`, .... The column count is
 * fixed by the header (or first row) and every later row must match it.
 * `read` returns `null` for the header and for blank lines.
 */
export class DatasetReader {
  private names: string[] | undefined;
  private headerPending: boolean;

  constructor(private readonly fmt: DatasetFormat) {
    this.headerPending = fmt.format === 'csv' && fmt.header;
    if (fmt.format === 'csv' && fmt.columnNames) this.names = [...fmt.columnNames];
  }

  /** Column names once known (after the header or the first row). */
  get columns(): readonly string[] | undefined {
    return this.names;
  }

  /** The columns are fixed: later lines change nothing but the counts (a block of the dataset may start here). */
  get settled(): boolean {
    return this.names !== undefined && !this.headerPending;
  }

  read(text: string, line: number): Result<Row | null> {
    if (this.fmt.format === 'jsonl') return text.trim() === '' ? ok(null) : readJsonLine(text, line);
    const fields = this.readFields(text, line);
    if (!fields.ok) return fields;
    return ok(fields.value === null ? null : toRow(fields.value, this.names));
  }

  /** A CSV line's fields, checked against the columns (named by `columns`), or null for the header and blank lines. */
  readFields(text: string, line: number): Result<readonly string[] | null> {
    if (text.trim() === '') return ok(null);
    const fields = parseCsvRow(text, line);
    if (!fields.ok) return fields;
    if (this.headerPending) {
      this.headerPending = false;
      this.names = fields.value.map((f) => f.trim());
      return ok(null);
    }
    if (!this.names) this.names = fields.value.map((_, i) => positionalName(i));
    return checkColumnCount(fields.value, this.names.length, line);
  }
}

function readJsonLine(text: string, line: number): Result<Row> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return err({ kind: 'MALFORMED_JSON', message: `not valid JSON (${(e as Error).message})`, line });
  }
  if (v === null || typeof v !== 'object') {
    return err({ kind: 'INVALID_RECORD', message: 'a JSON Lines dataset row must be an object or an array', line });
  }
  if (Array.isArray(v)) return ok(toRow(v.map(toValue)));
  const row: Row = {};
  for (const [k, x] of Object.entries(v)) row[k] = toValue(x);
  return ok(row);
}
