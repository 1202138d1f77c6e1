// RFC-4180-style parsing of one CSV record (the engine receives one record per
// capture `data` field or per dataset line; embedded newlines inside quotes are
// supported when the caller passes the whole record).
import { err, ok, type Result } from '../errors.js';

/** The text without its final "\n" or "\r\n". */
const withoutLineBreak = (text: string): string => (text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text);

/**
 * Splits one CSV record into fields. Quoted fields may contain the delimiter,
 * newlines and doubled quotes (""). A trailing "\n" / "\r\n" is ignored.
 * Fields are not trimmed (SageMaker keeps them verbatim; type inference trims).
 */
export function parseCsvRow(text: string, line?: number, delimiter = ','): Result<string[]> {
  const src = withoutLineBreak(text);
  // Without any quote character every field is the verbatim text between delimiters.
  if (delimiter.length === 1 && src.indexOf('"') === -1) return ok(src.split(delimiter));
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        // after a closing quote only a delimiter or end of record is allowed
        if (i < src.length && src[i] !== delimiter) {
          return err({ kind: 'MALFORMED_CSV', message: `unexpected character after closing quote at position ${i}`, ...(line !== undefined ? { line } : {}) });
        }
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    field += ch;
    fieldStart = false;
    i++;
  }
  if (quoted) {
    return err({ kind: 'MALFORMED_CSV', message: 'unterminated quoted field', ...(line !== undefined ? { line } : {}) });
  }
  fields.push(field);
  return ok(fields);
}

/**
 * A dataset line as its record's text, when parseCsvRow gives exactly text.split(',') for it (no
 * quotes; the line break dropped as parseCsvRow drops it) and it is not blank; undefined otherwise.
 */
export function plainCsvLine(text: string): string | undefined {
  const src = withoutLineBreak(text);
  return src.indexOf('"') === -1 && text.trim() !== '' ? src : undefined;
}

/** Checks a row's field count; the error says both numbers. */
export function checkColumnCount(fields: readonly string[], expected: number, line?: number): Result<readonly string[]> {
  if (fields.length === expected) return ok(fields);
  return err({
    kind: 'WRONG_COLUMN_COUNT',
    message: `expected ${expected} columns, got ${fields.length}`,
    expected,
    actual: fields.length,
    ...(line !== undefined ? { line } : {}),
  });
}

/**
 * Splits a CSV payload holding several records (one per line, as in a batched
 * request) at newlines outside quotes, parsing each; blank lines are skipped.
 */
export function parseCsvRecords(text: string, line?: number, delimiter = ','): Result<string[][]> {
  const records: string[][] = [];
  if (delimiter.length === 1 && text.indexOf('"') === -1) {
    // No quotes: records are the lines, fields the text between delimiters (same as the scan below).
    for (const l of text.split('\n')) {
      const rec = l.endsWith('\r') ? l.slice(0, -1) : l;
      if (rec.trim() === '') continue;
      records.push(rec.split(delimiter));
    }
    return ok(records);
  }
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' && !quoted) || i === text.length) {
      const rec = text.slice(start, i).replace(/\r$/, '');
      start = i + 1;
      if (rec.trim() === '') continue;
      const r = parseCsvRow(rec, line, delimiter);
      if (!r.ok) return r;
      records.push(r.value);
    }
  }
  return ok(records);
}
