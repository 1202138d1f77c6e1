// Building blocks for the hand-written SQL reads (see readRows in ./client.ts). A
// statement's text depends only on which filters are present, never on their values,
// so each shape is one prepared statement. pageWhere and pageOrder are the one keyset
// pagination of every list; the cursors they read are shared/pagination.ts's.
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
 * (teamId, …, sortColumn, id) indexes answer in order. With sortColumn null the page is
 * ordered by the id alone, a bigint sequence (the audit log), and the cursor's time is unused.
 */
export function pageWhere(params: SqlParams, conditions: string[], sortColumn: string | null, after: Cursor | null): string {
  if (!after) return conditions.join(' AND ');
  const afterCursor = sortColumn === null
    ? `x."id" < ${params.add(after.id, '::bigint')}`
    : `(x."${sortColumn}", x."id") < (${params.add(after.at, '::timestamptz')}, ${params.add(after.id, '::uuid')})`;
  return [...conditions, afterCursor].join(' AND ');
}

/**
 * The number of rows of `from` (a table with the alias `x`) that `conditions` match: a
 * list's WHERE without its page (totalCount), as one statement.
 */
export const countSql = (from: string, conditions: readonly string[]): string =>
  `SELECT count(*)::int AS "count" FROM ${from} x WHERE ${conditions.join(' AND ')}`;

/**
 * `ORDER BY … LIMIT` of a keyset page (one row more than asked, see toPage). The limit stays
 * a parameter: with it, PostgreSQL plans each execution with the team's own statistics. With
 * a literal limit it switched to a generic plan after five executions, planned for the
 * average team: a bitmap scan and a sort of all of a large team's rows on every page.
 */
export function pageOrder(params: SqlParams, sortColumn: string | null, page: Page): string {
  const order = sortColumn === null ? 'x."id" DESC' : `x."${sortColumn}" DESC, x."id" DESC`;
  return `ORDER BY ${order} LIMIT ${params.add(page.take, '::int')}`;
}

/**
 * A JSON value as text for a `$n::jsonb` parameter (null: SQL NULL). Json values whose numbers
 * must keep every bit are written this way, not through Prisma: its query compiler parses a
 * Json value again before sending it, with a float parser that is not correctly rounded
 * (0.33364933609800973 is sent as 0.3336493360980097, 0.1 + 0.2 as 0.3, 1.7976931348623157e308 as null).
 */
export const jsonText = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** `column >= from` and `column < to` (alias `x`), for the bounds given. */
export function rangeWhere(params: SqlParams, column: string, from?: Date | null, to?: Date | null): string[] {
  return [
    ...(from ? [`x."${column}" >= ${params.add(from, '::timestamptz')}`] : []),
    ...(to ? [`x."${column}" < ${params.add(to, '::timestamptz')}`] : []),
  ];
}

/** The digit at `i` (no closure per parsed value: this runs for every timestamp read). */
const d1 = (text: string, i: number): number => text.charCodeAt(i) - 48;
/** The two-digit number at `i`. */
const d2 = (text: string, i: number): number => d1(text, i) * 10 + d1(text, i + 1);

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
    const year = d2(text, 0) * 100 + d2(text, 2);
    if (year < 100) return general(text); // Date.UTC would read it as 19xx
    const ms = frac > 0 ? d1(text, 20) * 100 + (frac > 1 ? d1(text, 21) * 10 : 0) + (frac > 2 ? d1(text, 22) : 0) : 0;
    return new Date(Date.UTC(year, d2(text, 5) - 1, d2(text, 8), d2(text, 11), d2(text, 14), d2(text, 17), ms));
  };
}

export interface NewestRow {
  table: string;
  columns: string;
  parentColumn: string;
  /** Extra conditions, with the alias `x`. */
  where: string;
  orderBy: string;
}

/**
 * The newest row of `table` whose `parentColumn` equals `parentRef` (a parameter or a
 * column of an enclosing query): one index probe, `ORDER BY … LIMIT 1`. Used as a
 * LATERAL subquery, here and in the prefetching list reads.
 */
export function newestRow(s: NewestRow, parentRef: string): string {
  return `SELECT ${s.columns} FROM "${s.table}" x WHERE ${s.where} AND x."${s.parentColumn}" = ${parentRef} ORDER BY ${s.orderBy} LIMIT 1`;
}

/**
 * The newest row of `table` per parent id, in one statement: a `LATERAL … LIMIT 1` index
 * probe per id of the uuid[] parameter `ids` (`$1`, `$2`…). `where` and `orderBy` use the
 * alias `x`; the rows come back in no particular order.
 */
export function newestPerParent(s: NewestRow & { ids: string }): string {
  return `SELECT r.* FROM unnest(${s.ids}::uuid[]) AS p(id) CROSS JOIN LATERAL (${newestRow(s, 'p.id')}) r`;
}

/** Column subsets one Columns keeps (see Columns.only). */
const MAX_SUBSETS = 64;

/**
 * Every column of the row type `T`, as a Prisma `<Model>ScalarFieldEnum` spells them
 * (`{ id: 'id', teamId: 'teamId', … }`): each key of T, and nothing else. A column missing
 * from the list, or one T does not have, is a compile error (test/db/sql-reads.test.ts),
 * so the rows readRows<T> returns for `Columns<T>.sql` have exactly T's keys.
 */
export type Fields<T> = { readonly [K in keyof T & string]-?: K } & { readonly [column: string]: keyof T & string };

/**
 * A table's columns as the SQL reads select them, and as a read carries them beside
 * another table's row. A list read that brings related rows in the same statement selects
 * them as plain columns under a prefix (`s."id" AS "s.id"`): as JSON (`to_json`) they cost
 * PostgreSQL a JSON text per row, and the gateway a JSON.parse and a Date per timestamp.
 */
export class Columns<T extends { id: string | bigint }> {
  /** Every column with the alias `x`, the enum ones cast to text (rows typed as Prisma returns them). */
  readonly sql: string;
  readonly names: readonly (keyof T & string)[];

  /** Narrower column lists already made, by their names (see only). */
  readonly #subsets = new Map<string, Columns<T>>();
  /** For a list that only() narrowed, its column names (rows read with it are partial); null for every column. */
  readonly narrowed: ReadonlySet<string> | null;

  /** `fields`: the model's `Prisma.<Model>ScalarFieldEnum`; `enums`: its enum columns. */
  constructor(fields: Fields<T>, private readonly enums: readonly (keyof T & string)[] = [], narrowed = false) {
    const names = Object.values(fields);
    if (!names.includes('id')) throw new Error('Columns: the column list has no "id"');
    this.names = names;
    this.narrowed = narrowed ? new Set(names) : null;
    this.sql = names.map((n) => (enums.includes(n) ? `x."${n}"::text AS "${n}"` : `x."${n}"`)).join(', ');
  }

  /**
   * Only the `needed` columns (and id), in this list's order; null: all. The few shapes
   * that queries ask for are kept; past MAX_SUBSETS a new list is made each time.
   */
  only(needed: readonly string[] | null): Columns<T> {
    if (needed === null) return this;
    const names = this.names.filter((n) => n === 'id' || needed.includes(n));
    if (names.length === this.names.length) return this;
    const key = names.join(',');
    let subset = this.#subsets.get(key);
    if (!subset) {
      // Rows read with a subset are partial: `narrowed` says which columns they have.
      const fields = Object.fromEntries(names.map((n) => [n, n])) as unknown as Fields<T>;
      subset = new Columns<T>(fields, this.enums.filter((n) => names.includes(n)), true);
      if (this.#subsets.size < MAX_SUBSETS) this.#subsets.set(key, subset);
    }
    return subset;
  }

  /** The columns of `alias` (a subquery selecting `sql`), renamed `prefix` + name. */
  embed(alias: string, prefix: string): string {
    return this.names.map((n) => `${alias}."${n}" AS "${prefix}${n}"`).join(', ');
  }

  /**
   * Reads the row that `embed(…, prefix)` (or `sql`, with prefix '') put in each row of a
   * result with these `columns` (readTuples); null where its id is null (a LEFT JOIN found none).
   */
  reader(columns: readonly string[], prefix: string): (row: readonly unknown[]) => T | null {
    const at = this.names.map((n) => {
      const i = columns.indexOf(prefix + n);
      if (i < 0) throw new Error(`Columns: the result has no column "${prefix}${n}"`);
      return i;
    });
    const names = this.names;
    const idAt = at[names.indexOf('id')] as number;
    return (row) => {
      if (row[idAt] === null) return null;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) out[names[i] as string] = row[at[i] as number];
      return out as T;
    };
  }
}

/** A row as a statement returned it in a JSON column. */
export type JsonObject = Record<string, unknown>;

/**
 * A row that a statement returned as JSON (`to_json`, `json_agg`), typed as readRows
 * returns rows: the named timestamptz columns become Dates (JSON has them as ISO text).
 */
export function fromJsonRow<T>(value: JsonObject, timestamps: readonly string[]): T {
  for (const column of timestamps) {
    const text = value[column];
    if (typeof text === 'string') value[column] = new Date(text);
  }
  return value as T;
}
