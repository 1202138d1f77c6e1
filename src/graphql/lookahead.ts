// What the client selected below the field being resolved, so that a list read can
// bring the relations it will be asked for in the same statement (see src/db/related.ts).
//
// WHY NOT graphql-parse-resolve-info (4.14.1, measured 2026-12-05 by `npm run bench:libs`, Node
// 20, NODE_ENV=production, 2 shared cores; what prefetch.ts asks of the 24 list and relation
// fields of eight documents: the polled reads, the README's first session, the perf tests'
// fragment and @skip/@include documents): parseResolveInfo and a walk of its tree gave the same
// answers except under a skipped field, in 15.7-25.9 µs median per field against 0.94-0.99 µs here
// (x16-28 over four runs): it builds the whole subtree and coerces every field's arguments.
// It evaluates @skip/@include against the request's variables, which perField (columns.ts)
// cannot follow: it keeps an answer per document field, whatever the variables. And it has no
// selection sets to give selectionSetsAt's callers.
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function selectsIn(set: SelectionSetNode, path: readonly string[], at: number, fragments: Record<string, FragmentDefinitionNode>): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== path[at]) continue;
      if (at === path.length - 1) return true;
      if (sel.selectionSet && selectsIn(sel.selectionSet, path, at + 1, fragments)) return true;
    } else {
      const inner = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments[sel.name.value]?.selectionSet;
      if (inner && selectsIn(inner, path, at, fragments)) return true;
    }
  }
  return false;
}

/**
 * Whether the field being resolved selects `path` (field names, not aliases), through
 * fragments. Directives are not evaluated: a field under @skip or @include counts as
 * selected, so at worst a relation is fetched and not shown. Should not throw.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && selectsIn(node.selectionSet, path, 0, info.fragments));
}

/** The deepest of `levels` (each a path below the previous one's end) that the field selects, or null. */
export function deepest<L extends string>(info: GraphQLResolveInfo, base: readonly string[], levels: ReadonlyArray<readonly [L, string]>): L | null {
  let found: L | null = null;
  const path = [...base];
  for (const [level, field] of levels) {
    path.push(field);
    if (!selects(info, ...path)) break;
    found = level;
  }
  return found;
}

function setsIn(set: SelectionSetNode, path: readonly string[], at: number, fragments: Record<string, FragmentDefinitionNode>, out: SelectionSetNode[]): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== path[at] || !sel.selectionSet) continue;
      if (at === path.length - 1) out.push(sel.selectionSet);
      else setsIn(sel.selectionSet, path, at + 1, fragments, out);
    } else {
      const inner = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments[sel.name.value]?.selectionSet;
      if (inner) setsIn(inner, path, at, fragments, out);
    }
  }
}

/** The selection sets of every field at `path` below the field being resolved (each alias, through fragments). */
export function selectionSetsAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  for (const node of info.fieldNodes) {
    if (!node.selectionSet) continue;
    if (path.length === 0) out.push(node.selectionSet);
    else setsIn(node.selectionSet, path, 0, info.fragments, out);
  }
  return out;
}

/** Names of the fields selected directly in `sets`, through fragments (directives not evaluated). */
export function fieldsIn(sets: readonly SelectionSetNode[], fragments: Record<string, FragmentDefinitionNode>, into = new Set<string>()): Set<string> {
  for (const set of sets) {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) into.add(sel.name.value);
      else {
        const inner = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments[sel.name.value]?.selectionSet;
        if (inner) fieldsIn([inner], fragments, into);
      }
    }
  }
  return into;
}
