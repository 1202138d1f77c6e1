// Building blocks for the hand-written hot reads (see readRows in ./client.ts). A
// statement's text depends only on which filters are present, never on their values,
// so each shape is one prepared statement.
import type { Cursor, Page } from '../shared/pagination.js';

/** Collects positional parameters while a statement's text is built: `add(v, '::uuid')` returns `$n::uuid`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * `WHERE` conditions of a keyset page, newest first over (sortColumn, id): the filters
 * given, and "strictly after the cursor" as a row comparison, which the
 * (teamId, …, sortColumn, id) indexes answer in order.
 */
export function pageWhere(params: SqlParams, conditions: string[], sortColumn: string, after: Cursor | null): string {
  const all = after
    ? [...conditions, `(x."${sortColumn}", x."id") < (${params.add(after.at, '::timestamptz')}, ${params.add(after.id, '::uuid')})`]
    : conditions;
  return all.join(' AND ');
}

/** `ORDER BY … LIMIT` of a keyset page (one row more than asked, see toPage). */
export function pageOrder(params: SqlParams, sortColumn: string, page: Page): string {
  return `ORDER BY x."${sortColumn}" DESC, x."id" DESC LIMIT ${params.add(page.take, '::int')}`;
}

/**
 * A timestamptz parser that reads PostgreSQL's UTC output (`2026-11-22 07:55:43.855+00`,
 * the server's TimeZone being UTC) digit by digit, several times faster than pg's general
 * parser; `general` takes every other form (other offsets, BC dates, infinity).
 */
export function parseTimestamptz(general: (text: string) => Date): (text: string) => Date {
  return (text) => {
    const n = text.length;
    const frac = n - 23; // digits after the '.', when there is one
    if (n < 22 || n > 29 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || !text.endsWith('+00')) return general(text);
    if (frac > 0 && text.charCodeAt(19) !== 46) return general(text);
    const c = (i: number) => text.charCodeAt(i) - 48;
    const year = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
    if (year < 100) return general(text); // Date.UTC would read it as 19xx
    const ms = frac > 0 ? c(20) * 100 + (frac > 1 ? c(21) * 10 : 0) + (frac > 2 ? c(22) : 0) : 0;
    return new Date(Date.UTC(year, c(5) * 10 + c(6) - 1, c(8) * 10 + c(9), c(11) * 10 + c(12), c(14) * 10 + c(15), c(17) * 10 + c(18), ms));
  };
}

/**
 * The newest row of `table` per parent id, in one statement: a `LATERAL … LIMIT 1` index
 * probe per id of the uuid[] parameter `ids` (`$1`, `$2`…). `where` and `orderBy` use the
 * alias `x`; the rows come back in no particular order.
 */
export function newestPerParent(s: { table: string; columns: string; ids: string; parentColumn: string; where: string; orderBy: string }): string {
  return `
  SELECT r.* FROM unnest(${s.ids}::uuid[]) AS p(id)
  CROSS JOIN LATERAL (
    SELECT ${s.columns} FROM "${s.table}" x
    WHERE ${s.where} AND x."${s.parentColumn}" = p.id
    ORDER BY ${s.orderBy}
    LIMIT 1
  ) r`;
}
