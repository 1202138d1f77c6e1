// Which columns of a related row the fields a query selects read, so that a prefetching
// read brings only those (selective column loading, src/db/related.ts), and a loader knows
// whether a row brought that way covers the field asking for it (Loader.load).
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Needed } from '../db/related.js';
import { fieldsIn, selectionSetsAt } from './lookahead.js';

/** How the fields of an object type read its row. */
export interface FieldColumns {
  /** Every column of the row; a field named as a column reads that column. */
  readonly all: readonly string[];
  /** Columns every narrowed row carries: its id and the keys loaders and nested resolvers use. */
  readonly always: readonly string[];
  /** Fields with a resolver of their own, and the columns it reads (test/perf/columns.test.ts checks every resolver is here). */
  readonly byField: Readonly<Record<string, readonly string[]>>;
}

/** The columns `fields` read, in `all`'s order; null (all of them) for a field not known here. Should not throw. */
export function columnsOf(map: FieldColumns, fields: Iterable<string>): Needed {
  const needed = new Set(map.always);
  for (const field of fields) {
    if (field === '__typename') continue;
    const columns = map.byField[field] ?? (map.all.includes(field) ? [field] : null);
    if (!columns) return null;
    for (const c of columns) needed.add(c);
  }
  const list = map.all.filter((c) => needed.has(c));
  return list.length === map.all.length ? null : list;
}

/**
 * `compute`, once per field of a document: its answer depends only on the field's
 * selection, and the field nodes of a compiled or cached query stay the same objects from
 * one request to the next.
 */
export function perField<T>(compute: (info: GraphQLResolveInfo) => T): (info: GraphQLResolveInfo) => T {
  const cache = new WeakMap<readonly FieldNode[], T>();
  return (info) => {
    if (cache.has(info.fieldNodes)) return cache.get(info.fieldNodes) as T;
    const value = compute(info);
    cache.set(info.fieldNodes, value);
    return value;
  };
}

/** The columns of `map`'s row that the fields at `path` below the field being resolved select (every alias together). */
export function neededAt(info: GraphQLResolveInfo, path: readonly string[], map: FieldColumns): Needed {
  return columnsOf(map, fieldsIn(selectionSetsAt(info, path), info.fragments));
}
