// Malformed GraphQL-over-HTTP requests, generated from a seed: garbled documents, JSON
// bodies truncated or of the wrong shape, parameters of the wrong type, huge or nested
// variables, invalid UTF-8, random methods, content types and accept headers. Documents
// may hold mutations that would succeed, but never under the operation the request selects.

export interface FuzzRequest {
  method: string;
  /** '' or '?…', appended to the GraphQL URL. */
  search: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Whether the document holds a mutation (which must not run). */
  mutation: boolean;
}

export interface FuzzContext {
  key: string;
  /** Named-less mutation documents (`mutation(…) { … }`) with variables with which they succeed. */
  mutations: Array<{ doc: string; vars: Record<string, unknown> }>;
  maxBodyBytes: number;
}

type Rand = () => number;
const pick = <T>(xs: readonly T[], rand: Rand): T => xs[Math.floor(rand() * xs.length)] as T;
const chance = (p: number, rand: Rand) => rand() < p;
const name = (rand: Rand) => pick(['Q', 'Op', 'x1', '_', 'Mutation', 'query', 'A'.repeat(300), 'ünï', ''], rand) + Math.floor(rand() * 100);

const READS = [
  '{ viewer { role } }',
  'query Who { viewer { role } }',
  'query Page($first: Int) { monitors(first: $first) { edges { node { id name } } pageInfo { hasNextPage } } }',
  '{ __schema { queryType { name } } }',
  'subscription { violationDetected { id } }',
  'query Frag { ...F } fragment F on Query { ...G } fragment G on Query { ...F }',
  '{ monitor(id: "x") { id } }',
];
const NOISE = ['{', '}', '(', ')', '$', '@', '"', '"""', '\u0000', '...', '#', '🦄', '\ud800', '\\u', ':', '!', '=', ' ', '\n', 'query', 'mutation', '0x', '1e999'];

function garble(doc: string, rand: Rand): string {
  const at = Math.floor(rand() * (doc.length + 1));
  switch (Math.floor(rand() * 4)) {
    case 0: return doc.slice(0, at);
    case 1: return doc.slice(0, at) + pick(NOISE, rand) + doc.slice(at);
    case 2: return doc.slice(0, at) + doc.slice(at + 1 + Math.floor(rand() * 5));
    default: return doc + doc.slice(0, at);
  }
}

function extreme(rand: Rand): string {
  const n = pick([10, 100, 3_000], rand);
  return pick([
    () => `{ ${'viewer { team { '.repeat(n)} id ${'} } '.repeat(n)} }`,
    () => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`,
    () => `{ viewer { role ${'@skip(if: false) '.repeat(n)} } }`,
    () => `{ monitor(id: "${'x'.repeat(n * 100)}") { id } }`,
    () => `{ monitors(first: ${'9'.repeat(n)}) { edges { cursor } } }`,
    () => `query(${Array.from({ length: n }, (_, i) => `$v${i}: Int`).join(' ')}) { viewer { role } }`,
  ], rand)();
}

/** A document and the operationName sent with it (undefined: none sent). */
function document(ctx: FuzzContext, rand: Rand): { query: string; operationName: unknown; mutation: boolean } {
  const r = rand();
  if (r < 0.4) {
    const m = pick(ctx.mutations, rand);
    const own = `M${Math.floor(rand() * 1e6)}`;
    const mutation = m.doc.replace(/^mutation/, `mutation ${own}`);
    const other = chance(0.5, rand) ? `query Other { viewer { role } }` : '';
    const garbled = chance(0.2, rand);
    // Never the mutation's own name, nor no name where the mutation may be alone.
    const choices: unknown[] = [`${own}x`, name(rand), 1, true, ['x'], { name: own }];
    if (other) choices.push('Other');
    if (other && !garbled) choices.push(undefined);
    const query = garbled ? garble(`${mutation} ${other}`, rand) : `${mutation} ${other}`;
    return { query, operationName: pick(choices, rand), mutation: true };
  }
  const query = r < 0.6 ? pick(READS, rand) : r < 0.9 ? garble(pick(READS, rand), rand) : extreme(rand);
  return { query, operationName: chance(0.5, rand) ? undefined : pick([name(rand), 'Who', 'Page', null, 0, {}], rand), mutation: false };
}

/** Stands for a value nested `depth` deep, spelled out in the JSON text (JSON.stringify would overflow the stack). */
const nested = (depth: number): string => `\u0001nested${depth}`;
const spellNested = (json: string): string =>
  json.replace(/"\\u0001nested(\d+)"/g, (_, n: string) => `${'{"a":['.repeat(Number(n) / 2)}1${']}'.repeat(Number(n) / 2)}`);

/** Values for any parameter, most of them of the wrong type. */
function wrong(rand: Rand): unknown {
  return pick([
    () => null, () => 0, () => -1.5, () => true, () => [], () => ['{ viewer { role } }'], () => ({}), () => ({ query: '{ viewer { role } }' }),
    () => '', () => 'x'.repeat(pick([10, 100_000], rand)), () => '{"first": 1}', () => '{broken', () => nested(pick([10, 1_000, 20_000], rand)),
  ], rand)();
}

function variables(ctx: FuzzContext, rand: Rand): unknown {
  return pick([
    () => pick(ctx.mutations, rand).vars, () => ({ first: pick([1, 'ten', 2.5, null, 1e300, -1, [1]], rand) }),
    () => ({ first: nested(pick([100, 5_000], rand)) }), () => ({ input: nested(pick([100, 5_000], rand)) }),
    () => ({ list: Array.from({ length: pick([1_000, 50_000], rand) }, (_, i) => i) }), () => ({ s: 'a\u0000b', ['\u0000']: 1 }),
    () => JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 1}}'), () => wrong(rand),
  ], rand)();
}

const extensions = (rand: Rand): unknown => pick([
  () => ({}), () => ({ persistedQuery: { version: 1, sha256Hash: 'abc' } }), () => ({ persistedQuery: { version: 2, sha256Hash: 1 } }),
  () => ({ persistedQuery: 'x' }), () => wrong(rand),
], rand)();

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/graphql',
  'application/graphql-response+json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'a/b;;;=', '', '*/*',
];
const ACCEPTS = [
  'application/json', 'application/graphql-response+json', '*/*', 'application/json;q=0', 'text/html', 'multipart/mixed; deferSpec=20220824',
  'multipart/mixed; incrementalSpec=v0.2', 'text/event-stream', 'garbage', '', 'application/graphql-response+json;q=0.1, application/json;q=0.9',
];

function headers(ctx: FuzzContext, rand: Rand): Record<string, string> {
  const h: Record<string, string> = {};
  if (chance(0.85, rand)) h['content-type'] = pick(CONTENT_TYPES, rand);
  if (chance(0.7, rand)) h['accept'] = pick(ACCEPTS, rand);
  h['authorization'] = chance(0.85, rand) ? `Bearer ${ctx.key}` : pick(['', 'Bearer', 'Basic eDp5', `Bearer ${ctx.key}x`, `Bearer ${'k'.repeat(6_000)}`], rand);
  if (chance(0.5, rand)) h['apollo-require-preflight'] = 'true';
  if (chance(0.1, rand)) h['x-apollo-operation-name'] = name(rand);
  if (chance(0.1, rand)) h['x-request-id'] = pick(['../../etc', 'x'.repeat(200), 'ok-id'], rand);
  if (chance(0.05, rand)) h['content-encoding'] = 'gzip';
  return h;
}

/** A JSON text broken in one of several ways, or not JSON at all. */
function brokenJson(text: string, rand: Rand): Buffer {
  const at = Math.floor(rand() * text.length);
  return pick([
    () => Buffer.from(text.slice(0, at)), () => Buffer.from(text.slice(0, at) + pick(NOISE, rand) + text.slice(at)),
    () => Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(text.slice(at))]),
    () => Buffer.from(`\ufeff${text}`), () => Buffer.from(pick(['', ' ', 'null', '[]', '"str"', '1e999', '{}', '[{"query":"{ viewer { role } }"}]'], rand)),
    () => Buffer.from('['.repeat(pick([1_000, 100_000], rand))),
  ], rand)();
}

export function fuzzRequest(ctx: FuzzContext, rand: Rand): FuzzRequest {
  const doc = document(ctx, rand);
  const params: Record<string, unknown> = {};
  if (chance(0.9, rand)) params['query'] = chance(0.85, rand) ? doc.query : wrong(rand);
  if (doc.operationName !== undefined) params['operationName'] = doc.operationName;
  if (chance(0.6, rand)) params['variables'] = variables(ctx, rand);
  if (chance(0.3, rand)) params['extensions'] = extensions(rand);
  const method = chance(0.05, rand) ? pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'], rand) : chance(0.35, rand) ? 'GET' : 'POST';
  const base = { method, headers: headers(ctx, rand), mutation: doc.mutation };
  if (method === 'GET' || method === 'HEAD') {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) search.set(k, typeof v === 'string' && k !== 'variables' ? v : spellNested(JSON.stringify(v) ?? ''));
    const raw = chance(0.2, rand) ? pick(['&query=%ZZ', '&variables=%FF%FE', '&query=a&query=b', '&&=&', '&operationName'], rand) : '';
    return { ...base, search: `?${search.toString()}${raw}` };
  }
  const text = spellNested(JSON.stringify(params));
  const r = rand();
  const body = r < 0.6 ? Buffer.from(text) : r < 0.97 ? brokenJson(text, rand) : Buffer.alloc(ctx.maxBodyBytes + 1, 'a');
  // A corruption inside the "operationName" key (invalid UTF-8 decodes to U+FFFD) can leave valid
  // JSON without it: a lone mutation would then rightly run, so such a body is cut short instead.
  if (doc.mutation && !sendsOperationName(body, params['operationName'])) return { ...base, search: '', body: Buffer.from(text.slice(0, -1)) };
  return { ...base, search: '', body };
}

/** Whether `body`, decoded as the server decodes it, is not JSON or still carries `sent` as its operationName. */
function sendsOperationName(body: Buffer, sent: unknown): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return true;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return true;
  return JSON.stringify((parsed as Record<string, unknown>)['operationName']) === JSON.stringify(sent);
}
