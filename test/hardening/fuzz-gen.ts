// Known-bad variables for every mutation, generated from the schema (introspection)
// and a valid set of variables: one position (argument or input field, at any depth)
// is replaced by a value that cannot be accepted. Seeded, so a failure can be replayed.
import {
  getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, parse,
  typeFromAST, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';

export interface Position {
  /** Variable path, e.g. ['input', 'endpointInput', 'endpointName']. */
  path: string[];
  type: GraphQLInputType;
}

/** Every position a mutation's variables can reach (fields absent from the valid variables included). */
export function positions(schema: GraphQLSchema, doc: string): Position[] {
  const op = parse(doc).definitions[0] as OperationDefinitionNode;
  const out: Position[] = [];
  const walk = (path: string[], type: GraphQLInputType, depth: number) => {
    out.push({ path, type });
    const named = getNullableType(type);
    const inner = isListType(named) ? getNullableType(named.ofType) : named;
    if (isInputObjectType(inner) && depth < 4) {
      const listed = isListType(named);
      for (const f of Object.values(inner.getFields())) walk(listed ? [...path, '0', f.name] : [...path, f.name], f.type, depth + 1);
    }
  };
  for (const v of op.variableDefinitions ?? []) {
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
    if (type) walk([v.variable.name.value], type, 0);
  }
  return out;
}

const UNICODE = ['é', 'ß', '漢', '字', '🦄', '👩‍👩‍👧', '\u202e', '\u0301', 'ـ', 'Ω', '\u200b', '𝔘', 'ﷺ', '\t'];

const pick = <T>(xs: T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)] as T;

/** Stands for a huge string until one is picked (they are costly to build). */
const HUGE = Symbol('huge string');
const huge = (v: unknown, rand: () => number): unknown => (v === HUGE ? hugeString(rand) : v);

function hugeString(rand: () => number): string {
  const n = [2_001, 10_000, 65_537][Math.floor(rand() * 3)] as number;
  let chunk = '';
  for (let i = 0; i < 64; i++) chunk += pick(UNICODE, rand);
  return chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
}

/** Strings no field of this name accepts (format breakers by field name, then universal ones). */
function badStrings(name: string, rand: () => number): unknown[] {
  const n = name.toLowerCase();
  const byName: unknown[] = [];
  if (/uri$|url$/.test(n)) byName.push('not a uri ☃', 's3://', 'javascript:alert(1)', 'http//missing-colon');
  if (/arn$/.test(n)) byName.push('arn:aws:iam::xyz:role/', 'arn:aws:s3:::bucket', 'role/🦄');
  if (/email$/.test(n)) byName.push('no-at-sign', '@example.com', 'a@b@c');
  if (/slug$/.test(n)) byName.push('Upper Case', '-x', 'ü-slug');
  if (/region$/.test(n)) byName.push('mars-1', 'us-east-1 ');
  if (/offset$/.test(n)) byName.push('-PT', 'P1Y2Q', 'yesterday');
  return [...byName, `${pick(UNICODE, rand)}\u0000${pick(UNICODE, rand)}`, HUGE, HUGE];
}

/**
 * A value that cannot be accepted at a position of this type. Values of the wrong
 * GraphQL type fit every position; bad strings (formats, huge, NUL) only positions the
 * valid variables use (`used`), since an unused optional field may be ignored.
 */
export function badValue(type: GraphQLInputType, name: string, rand: () => number, used = true): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const nonNull = isNonNullType(type);
  const t = getNullableType(type);
  const typeErrors: unknown[] = nonNull ? [null] : [];
  if (isListType(t)) {
    const el = getNullableType(t.ofType);
    const wrongElement = isScalarType(el) && el.name === 'JSON' ? [] : [[badValue(t.ofType, name, rand, used)]];
    return pick([...typeErrors, ...wrongElement, { not: 'a list' }, ...(isNonNullType(t.ofType) ? [[null]] : [])]);
  }
  if (isInputObjectType(t)) return pick([...typeErrors, 'an object was expected', 42, [[1]], { bogusField: pick(UNICODE) }]);
  if (isEnumType(t)) {
    const v = t.getValues()[0]?.name ?? 'X';
    return pick([...typeErrors, 'NOT_A_VALUE', v.toLowerCase(), `${v} `, 1, true]);
  }
  switch (t.name) {
    case 'String': return huge(pick([...typeErrors, 42, true, { a: 1 }, ['x'], ...(used ? badStrings(name, rand) : [])]), rand);
    case 'ID': return huge(pick([...typeErrors, true, 1.5, { id: 1 }, ['x'], 'not-a-uuid', '00000000-0000-4000-8000-000000000000', "' OR 1=1 --", 'nul\u0000id', HUGE]), rand);
    case 'Int': return pick([...typeErrors, '1', 1.5, 2 ** 31, -(2 ** 31) - 1, true, 'NaN']);
    case 'Float': return pick([...typeErrors, 'one', true, { f: 1 }, '1e400']);
    case 'Boolean': return pick([...typeErrors, 'true', 0, 1, 'yes']);
    case 'DateTime': return pick([...typeErrors, 'yesterday', '2026-13-40T25:61:00Z', true, {}]);
    // Any JSON is a JSON value: only null (where required) is known-bad.
    case 'JSON': return nonNull ? null : undefined;
    default: return typeErrors[0];
  }
}

/** `vars` with the value at `path` replaced (objects on the way are created when absent). */
export function withValue(vars: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(vars);
  let node: Record<string, unknown> = copy;
  path.slice(0, -1).forEach((key, i) => {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = path[i + 1] === '0' ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  node[path.at(-1) as string] = value;
  return copy;
}
