// Relay-style keyset pagination, newest first, over (sortKey, id) pairs: the cursors and
// pages of every list. A cursor is opaque to clients: base64url of [ISO time, id]. The SQL
// that reads a page after a cursor is pageWhere/pageOrder in db/sql.ts, for every list.
import { badInput } from './errors.js';
import { UUID_PATTERN } from './ids.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  /** Count every row the filter matches (totalCount): only when the query selects it. */
  counted?: boolean | undefined;
}

export interface Cursor {
  at: Date;
  id: string;
}

export interface Page {
  take: number;
  after: Cursor | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /**
   * The rows the list's filter matches, whatever the page (one COUNT statement), when
   * PageArgs.counted asked for it; otherwise NOT_COUNTED, which GraphQL refuses to
   * serialize as an Int, so a list that forgot to count fails loudly instead of saying 0.
   */
  totalCount: number;
}

/** totalCount of a list that was not asked to count (see Connection.totalCount). */
export const NOT_COUNTED = Number.NaN;

/** base64url of `["<ISO time>","<id>"]`; built by hand (neither part needs escaping): it runs for every edge. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`["${c.at.toISOString()}","${c.id}"]`, 'latin1').toString('base64url');
}

/** The id inside a cursor: a row UUID, or the audit log's sequence number. */
export type CursorId = 'uuid' | 'sequence';
const CURSOR_ID: Record<CursorId, RegExp> = { uuid: UUID_PATTERN, sequence: /^\d{1,19}$/ };

export function decodeCursor(text: string, field = 'after', idKind: CursorId = 'uuid'): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && CURSOR_ID[idKind].test(value[1])) {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: value[1] };
    }
  } catch {
    // fall through to the refusal below
  }
  throw badInput(field, 'after is not a cursor returned by this list (use pageInfo.endCursor)');
}

/** Validates first/after; `take` is one more than asked, to learn whether a next page exists. */
export function toPage(args: PageArgs, idKind: CursorId = 'uuid'): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${first})`);
  }
  return { take: first + 1, after: args.after ? decodeCursor(args.after, 'after', idKind) : null };
}

/** An empty page: the answer for filters naming ids that cannot exist. */
export function emptyConnection<T>(): Connection<T> {
  return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
}

export function toConnection<T>(
  rows: T[],
  page: Page,
  sortKeyOf: (row: T) => Date,
  idOf: (row: T) => string = (row) => (row as { id: string }).id,
  totalCount = NOT_COUNTED,
): Connection<T> {
  const hasNextPage = rows.length >= page.take;
  const nodes = hasNextPage ? rows.slice(0, page.take - 1) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor({ at: sortKeyOf(node), id: idOf(node) }), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/**
 * A page read and, when `args.counted`, the count of every row its filter matches, run
 * side by side (two statements; the count only when the query selects totalCount).
 */
export async function pagedConnection<T>(
  args: PageArgs,
  page: Page,
  rows: Promise<T[]>,
  count: () => Promise<number>,
  sortKeyOf: (row: T) => Date,
  idOf?: (row: T) => string,
): Promise<Connection<T>> {
  const [list, total] = await Promise.all([rows, args.counted ? count() : NOT_COUNTED]);
  return toConnection(list, page, sortKeyOf, idOf, total);
}
