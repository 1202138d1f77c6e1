// Hand-written modules against the well-kept library that does the same job, on the gateway's
// own schema and documents: npm run bench:libs [-- cost lookahead rate] (default: all three).
//
//   cost       src/graphql/cost.ts queryCost           vs graphql-query-complexity getComplexity
//   lookahead  src/graphql/lookahead.ts                vs graphql-parse-resolve-info parseResolveInfo
//   rate       src/tenancy/rate-limit.ts RateLimiter   vs rate-limiter-flexible RateLimiterRedis
//
// Each section first compares what the two answer on the same inputs (a difference is
// printed, not hidden), then times them: A (hand-written) and B (library) alternate within
// every round, the order flipping each round, and the first round is thrown away. Per side:
// min and median of the rounds (µs per operation); ratio = median B / median A (> 1: the
// library is slower). The rate section talks to the real Redis (REDIS_URL, default
// 127.0.0.1:6379) under a key prefix of its own, deleted at the end.
import { randomBytes } from 'node:crypto';
import {
  buildASTSchema, execute, getNamedType, getNullableType, isEnumType, isInterfaceType, isLeafType, isListType, isObjectType, Kind, parse, validate,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLOutputType, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { queryCost } from '../../src/graphql/cost.js';
import { deepest, fieldsIn, selectionSetsAt, selects } from '../../src/graphql/lookahead.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { loadSchemaDocument } from '../../src/graphql/sdl.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/shared/pagination.js';
import { RateLimiter, type RateDecision, type RateLimitOptions } from '../../src/tenancy/rate-limit.js';
import { MONITOR_HISTORY, MONITORS_PAGE, RECENT_VIOLATIONS } from './queries.js';
import { HEAVIEST_LEGIT, RICH } from '../../test/support/documents.js';

// ---------------------------------------------------------------------------------------
// Timing

interface Side { min: number; median: number }
interface Figures { label: string; a: Side; b: Side; ratio: number }

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const side = (xs: number[]): Side => ({ min: Math.min(...xs), median: median(xs) });

/** µs per operation of `a` and `b`, `ops` operations a run, interleaved over `rounds` rounds. */
async function compare(label: string, a: () => unknown, b: () => unknown, ops: number, rounds: number): Promise<Figures> {
  const runs = { a: [] as number[], b: [] as number[] };
  const time = async (f: () => unknown) => {
    const t = performance.now();
    await f();
    return ((performance.now() - t) * 1000) / ops;
  };
  for (let r = 0; r <= rounds; r++) {
    const order: Array<'a' | 'b'> = r % 2 ? ['b', 'a'] : ['a', 'b'];
    for (const which of order) {
      const us = await time(which === 'a' ? a : b);
      if (r > 0) runs[which].push(us); // round 0 warms both up
    }
  }
  const figures = { label, a: side(runs.a), b: side(runs.b), ratio: median(runs.b) / median(runs.a) };
  const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1)).padStart(8);
  console.log(`  ${label.padEnd(44)} A ${f(figures.a.min)} /${f(figures.a.median)} µs   B ${f(figures.b.min)} /${f(figures.b.median)} µs   B/A ${figures.ratio.toFixed(2)}`);
  return figures;
}

function heading(text: string): void {
  console.log(`\n== ${text}\n  ${''.padEnd(44)}   A (hand-written) min / median    B (library) min / median`);
}

// ---------------------------------------------------------------------------------------
// Documents: the polled reads of queries.ts, the README's first session, a fragment chain
// (test/perf/sql-count.test.ts), the executor parity test's query (aliases, @skip/@include)
// and the cost tests' heaviest legitimate read and nested abuse.

const FIRST_SESSION = `{
  monitors(first: 10) { edges { node { name type activeBaseline { version status } activeSchedules { name expression status } } } }
  executions(first: 10, filter: { status: [COMPLETED_WITH_VIOLATIONS] }) {
    edges { node { monitor { name } schedule { name } status scheduledTime startedAt endedAt reportUri
                   violations { featureName checkType description } } }
  }
}`;

const VIA_FRAGMENTS = `query { monitors(first: 10) { ...Page } }
fragment Page on MonitorConnection { edges { node { ... on Monitor { schedule { ...Last } } } } }
fragment Last on Schedule { lastExecution { violations { featureName } } }`;



const NESTED_ABUSE = `{ monitors(first: 100) { edges { node { id
  executions(first: 100) { edges { node { id status violations { id featureName checkType description } } } } } } } }`;

interface Doc { name: string; text: string; variables: Record<string, unknown> }

const DOCS: Doc[] = [
  { name: 'MonitorsPage (first: 50)', text: MONITORS_PAGE, variables: { first: 50 } },
  { name: 'MonitorHistory', text: MONITOR_HISTORY, variables: { id: 'm1' } },
  { name: 'RecentViolations', text: RECENT_VIOLATIONS, variables: { from: '2026-01-01T00:00:00Z' } },
  { name: 'README first session', text: FIRST_SESSION, variables: {} },
  { name: 'fragments (sql-count test)', text: VIA_FRAGMENTS, variables: {} },
  { name: 'Rich, withSchedule', text: RICH, variables: { withSchedule: true } },
  { name: 'Rich, without schedule, skipRes', text: RICH, variables: { withSchedule: false, skipRes: true } },
  { name: 'heaviest legitimate read', text: HEAVIEST_LEGIT, variables: {} },
  { name: 'nested abuse', text: NESTED_ABUSE, variables: {} },
];

interface Parsed extends Doc { document: DocumentNode; operation: OperationDefinitionNode; fragments: Record<string, FragmentDefinitionNode> }

function parsed(schema: GraphQLSchema, doc: Doc): Parsed {
  const document = parse(doc.text);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`${doc.name}: ${errors.map((e) => e.message).join('; ')}`);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error(`${doc.name}: no operation`);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return { ...doc, document, operation, fragments };
}

// ---------------------------------------------------------------------------------------
// cost: the same formula as a graphql-query-complexity estimator. The library's
// getComplexity walks the whole document with a TypeInfo visitor and coerces every field's
// arguments; the estimator then sees `first` already coerced.

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return field.args.some((a) => a.name === 'first') && (isObjectType(type) || isInterfaceType(type)) && 'edges' in type.getFields();
}

const pageOf = (first: unknown): number =>
  first === undefined || first === null ? DEFAULT_PAGE_SIZE
    : typeof first === 'number' && Number.isInteger(first) && first >= 1 && first <= MAX_PAGE_SIZE ? first : MAX_PAGE_SIZE;

const pageSizeEstimator: ComplexityEstimator = ({ field, node, args, childComplexity }) =>
  node.name.value.startsWith('__') ? 0 : (1 + childComplexity) * (isConnection(field) ? pageOf(args['first']) : 1);

function libraryCost(schema: GraphQLSchema, p: Parsed): number {
  return getComplexity({ schema, query: p.document, variables: p.variables, operationName: p.operation.name?.value, estimators: [pageSizeEstimator] });
}

/** What costLimitPlugin does per request: the fragments of the document, then queryCost. */
function handCost(schema: GraphQLSchema, p: Parsed): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of p.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return queryCost({ schema, operation: p.operation, fragments, variables: p.variables });
}

async function benchCost(): Promise<Figures[]> {
  const schema = await buildSchema();
  const docs = DOCS.map((d) => parsed(schema, d));
  heading('cost: queryCost (A) vs graphql-query-complexity 2.0.0 getComplexity + a page-size estimator (B)');
  for (const p of docs) {
    const a = handCost(schema, p);
    const b = libraryCost(schema, p);
    console.log(`  ${p.name.padEnd(44)} cost A ${String(a).padStart(7)}   B ${String(b).padStart(7)}${a === b ? '' : '   DIFFERENT'}`);
  }
  const out: Figures[] = [];
  for (const p of docs) out.push(await compare(p.name, () => { for (let i = 0; i < 200; i++) handCost(schema, p); }, () => { for (let i = 0; i < 200; i++) libraryCost(schema, p); }, 200, 15));
  out.push(await compare('all documents, one request each', () => { for (let i = 0; i < 50; i++) for (const p of docs) handCost(schema, p); }, () => { for (let i = 0; i < 50; i++) for (const p of docs) libraryCost(schema, p); }, 50 * docs.length, 15));
  return out;
}

// ---------------------------------------------------------------------------------------
// lookahead: what src/graphql/prefetch.ts asks of each list or relation field, answered by
// the hand-written walk (A) and by a walk of parseResolveInfo's tree (B), parsed once per
// field and asked every question. The infos are graphql-js's own, captured by running each
// document on the SDL with a resolver that records them.

const NODE = ['edges', 'node'];
const LEVELS = [['schedule', 'schedule'], ['lastExecution', 'lastExecution'], ['violations', 'violations']] as const;

/** What prefetch.ts asks of a field, by its coordinate: relations to bring, and paths whose field names pick columns. */
const ASKS: Record<string, { deepest?: readonly string[]; selects?: ReadonlyArray<readonly string[]>; fieldsAt: ReadonlyArray<readonly string[]> }> = {
  'Query.monitors': { deepest: NODE, fieldsAt: [[...NODE, 'schedule'], [...NODE, 'schedule', 'lastExecution']] },
  'Query.monitor': { deepest: [], fieldsAt: [['schedule'], ['schedule', 'lastExecution']] },
  'Query.executions': { selects: [[...NODE, 'violations']], fieldsAt: [] },
  'Monitor.executions': { selects: [[...NODE, 'violations']], fieldsAt: [] },
  'Schedule.executions': { selects: [[...NODE, 'violations']], fieldsAt: [] },
  'Query.violations': { selects: [[...NODE, 'monitor'], [...NODE, 'execution']], fieldsAt: [[...NODE, 'execution']] },
  'Monitor.schedule': { fieldsAt: [[]] },
  'Schedule.lastExecution': { fieldsAt: [[]] },
  'Violation.execution': { fieldsAt: [[]] },
};

interface Answer { deepest: string | null; selects: boolean[]; fields: string[][] }

function handAnswer(info: GraphQLResolveInfo): Answer {
  const ask = ASKS[`${info.parentType.name}.${info.fieldName}`]!;
  return {
    deepest: ask.deepest ? deepest(info, ask.deepest, LEVELS) : null,
    selects: (ask.selects ?? []).map((path) => selects(info, ...path)),
    fields: ask.fieldsAt.map((path) => [...fieldsIn(selectionSetsAt(info, path), info.fragments)].filter((f) => !f.startsWith('__')).sort()),
  };
}

const children = (trees: ResolveTree[]): ResolveTree[] => trees.flatMap((t) => Object.values(t.fieldsByTypeName).flatMap((byAlias) => Object.values(byAlias)));
const treesAt = (root: ResolveTree, path: readonly string[]): ResolveTree[] => path.reduce((trees, name) => children(trees).filter((t) => t.name === name), [root]);

function libraryAnswer(info: GraphQLResolveInfo): Answer {
  const ask = ASKS[`${info.parentType.name}.${info.fieldName}`]!;
  const root = parseResolveInfo(info) as ResolveTree;
  let found: string | null = null;
  if (ask.deepest) {
    const path = [...ask.deepest];
    for (const [level, field] of LEVELS) {
      path.push(field);
      if (treesAt(root, path).length === 0) break;
      found = level;
    }
  }
  return {
    deepest: found,
    selects: (ask.selects ?? []).map((path) => treesAt(root, path).length > 0),
    fields: ask.fieldsAt.map((path) => [...new Set(children(treesAt(root, path)).map((t) => t.name))].sort()),
  };
}

/** A value of `type` (lists of one), so that every field below runs. */
function placeholder(type: GraphQLOutputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [placeholder(nullable.ofType)];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  if (isLeafType(nullable)) return nullable.name === 'Int' || nullable.name === 'Float' ? 1 : nullable.name === 'Boolean' ? true : 'x';
  return {};
}

/** graphql-js's infos for the fields prefetch.ts reads, from running `p` with placeholder values. */
function infosOf(schema: GraphQLSchema, p: Parsed): GraphQLResolveInfo[] {
  const infos: GraphQLResolveInfo[] = [];
  const result = execute({
    schema, document: p.document, variableValues: p.variables,
    fieldResolver: (_source, _args, _ctx, info) => {
      if (ASKS[`${info.parentType.name}.${info.fieldName}`]) infos.push(info);
      return placeholder(info.returnType);
    },
  });
  if ('then' in result) throw new Error('placeholder execution is synchronous');
  if (result.errors !== undefined && result.errors.length > 0) throw new Error(`${p.name}: ${result.errors[0]?.message}`);
  return infos;
}

async function benchLookahead(): Promise<Figures[]> {
  const schema = buildASTSchema(parse(await loadSchemaDocument()));
  const docs = DOCS.filter((d) => !d.name.startsWith('nested')).map((d) => parsed(schema, d));
  heading('lookahead: selects/deepest/selectionSetsAt+fieldsIn (A) vs graphql-parse-resolve-info 4.14.1 parseResolveInfo (B)');
  const all: GraphQLResolveInfo[] = [];
  for (const p of docs) {
    const infos = infosOf(schema, p);
    all.push(...infos);
    for (const info of infos) {
      const a = JSON.stringify(handAnswer(info));
      const b = JSON.stringify(libraryAnswer(info));
      if (a !== b) console.log(`  DIFFERENT ${p.name} ${info.parentType.name}.${info.fieldName}${info.path.prev ? ` at ${pathOf(info)}` : ''}\n    A ${a}\n    B ${b}`);
    }
  }
  console.log(`  ${all.length} field resolutions from ${docs.length} documents; identical answers unless listed above`);
  const out: Figures[] = [];
  for (const p of docs) {
    const infos = infosOf(schema, p);
    out.push(await compare(`${p.name} (${infos.length} fields)`, () => { for (let i = 0; i < 100; i++) for (const info of infos) handAnswer(info); }, () => { for (let i = 0; i < 100; i++) for (const info of infos) libraryAnswer(info); }, 100 * infos.length, 15));
  }
  out.push(await compare(`all (${all.length} field resolutions)`, () => { for (let i = 0; i < 50; i++) for (const info of all) handAnswer(info); }, () => { for (let i = 0; i < 50; i++) for (const info of all) libraryAnswer(info); }, 50 * all.length, 15));
  return out;
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}

// ---------------------------------------------------------------------------------------
// rate: the same budget through rate-limiter-flexible. It counts a fixed window (points per
// duration, a whole number of seconds), not a refilling bucket: the nearest equivalent of
// `burst` tokens refilling at `perMinute` is `burst` points per burst × 60 / perMinute
// seconds. Every request is one Redis call (no lease); fail open is ours, around consume().

class FlexibleLimiter {
  private readonly redis: Redis;
  private readonly limiter: RateLimiterRedis;
  private lastWarning = 0;

  /** `window` overrides the nearest equivalent of the options' bucket. */
  constructor(private readonly options: RateLimitOptions, window?: { points: number; duration: number }) {
    this.redis = new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: options.timeoutMs ?? 500 });
    this.redis.on('error', () => undefined);
    const { points, duration } = window ?? { points: options.burst, duration: Math.max(1, Math.round((options.burst * 60) / options.perMinute)) };
    this.limiter = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${options.prefix}:rl`, points, duration });
  }

  async start(): Promise<void> {
    await this.redis.connect().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
  }

  async take(apiKeyId: string, log: pino.Logger): Promise<RateDecision> {
    try {
      const res = await this.limiter.consume(apiKeyId);
      return { allowed: true, retryAfterSeconds: 0, remaining: res.remainingPoints };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)), remaining: 0 };
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        log.warn({ err }, 'rate limiter cannot reach Redis; allowing requests without a rate limit (fail open)');
      }
      return { allowed: true, retryAfterSeconds: 0, remaining: this.options.burst };
    }
  }
}

interface Limiter { start(): Promise<void>; stop(): Promise<void>; take(key: string, log: pino.Logger): Promise<RateDecision> }

async function benchRate(): Promise<Figures[]> {
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const base = `bench_libs_${randomBytes(4).toString('hex')}`;
  const log = pino({ level: 'warn' });
  const redis = new Redis(redisUrl);
  let n = 0;
  /** A fresh pair (A, B) of limiters, each under its own prefix. */
  const pair = async (options: Omit<RateLimitOptions, 'redisUrl' | 'prefix' | 'maxLeaseBytes'>, window?: { points: number; duration: number }): Promise<[Limiter, Limiter]> => {
    n++;
    const a = new RateLimiter({ ...options, redisUrl, prefix: `${base}_a${n}`, maxLeaseBytes: 2 ** 20 });
    const b = new FlexibleLimiter({ ...options, redisUrl, prefix: `${base}_b${n}`, maxLeaseBytes: 2 ** 20 }, window);
    await Promise.all([a.start(), b.start()]);
    return [a, b];
  };
  const limiters: Limiter[] = [];
  try {
    heading('rate: RateLimiter (A) vs rate-limiter-flexible 11.4.0 RateLimiterRedis (B), real Redis, µs per request');
    const out: Figures[] = [];
    // Every run takes from keys no run used before, so no run spends leases an earlier one took.
    let run = 0;
    const sequential = (keys: number, count: number) => (l: Limiter) => {
      const tag = `r${run++}`;
      return async () => {
        for (let i = 0; i < count; i++) await l.take(`${tag}_${i % keys}`, log);
      };
    };
    const concurrent = (width: number, count: number) => (l: Limiter) => {
      const tag = `r${run++}`;
      return async () => {
        for (let i = 0; i < count / width; i++) await Promise.all(Array.from({ length: width }, () => l.take(tag, log)));
      };
    };
    // Redis commands each side sends per request, counted on one more run of each.
    const sent = { count: 0 };
    const proto = Redis.prototype as unknown as { sendCommand: (...args: unknown[]) => unknown };
    const send = proto.sendCommand;
    proto.sendCommand = function (this: unknown, ...args: unknown[]) {
      sent.count++;
      return send.apply(this, args);
    };
    const allowed = { count: 0 };
    const counted = (l: Limiter): Limiter => ({ ...l, start: () => l.start(), stop: () => l.stop(), take: async (key, lg) => {
      const d = await l.take(key, lg);
      if (d.allowed) allowed.count++;
      return d;
    } });
    const perRequest = async (f: () => Promise<void>, ops: number) => {
      sent.count = 0;
      allowed.count = 0;
      await f();
      return `${(sent.count / ops).toFixed(2)} (${allowed.count} of ${ops} allowed)`;
    };
    const scenario = async (label: string, [a, b]: [Limiter, Limiter], make: (l: Limiter) => () => Promise<void>, ops: number) => {
      out.push(await compare(label, () => make(a)(), () => make(b)(), ops, 11));
      const [ca, cb] = [await perRequest(make(counted(a)), ops), await perRequest(make(counted(b)), ops)];
      console.log(`  ${''.padEnd(44)} Redis commands per request: A ${ca}   B ${cb}`);
    };

    // The allowed path: A with the default burst (100, so leases of 5) and a refill no run
    // exhausts; B with a window no run fills (it has no window shorter than a second). A may
    // still refuse a few: more than 100 requests within one millisecond of Redis's clock
    // empty its bucket, as they should; each refusal costs A a Redis call, so counts against it.
    const open = await pair({ perMinute: 600_000_000, burst: 100 }, { points: 1e9, duration: 60 });
    limiters.push(...open);
    await scenario('one key polling, sequential (allowed)', open, sequential(1, 500), 500);
    await scenario('200 keys round robin, sequential (allowed)', open, sequential(200, 1000), 1000);
    await scenario('one key, 25 concurrent requests at a time', open, concurrent(25, 500), 500);

    // A key over its budget: every request refused.
    const closed = await pair({ perMinute: 1, burst: 1 });
    limiters.push(...closed);
    const refused = (l: Limiter) => async () => {
      for (let i = 0; i < 500; i++) await l.take('x', log);
    };
    await Promise.all(closed.map((l) => l.take('x', log)));
    await scenario('one key over its budget, sequential (refused)', closed, refused, 500);

    // Semantics, not speed: 300 a minute with a burst of 10 (B: 10 per 2 s window). One
    // request at 0, 10 at 1.9 s, 10 at 2.1 s: how many are let through in those 0.2 s?
    const [a, b] = await pair({ perMinute: 300, burst: 10 });
    limiters.push(a, b);
    const start = Date.now();
    const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, start + ms - Date.now())));
    const allowedOf = async (l: Limiter, key: string, count: number) => (await Promise.all(Array.from({ length: count }, () => l.take(key, log).then((d) => d.allowed)))).filter(Boolean).length;
    await Promise.all([a.take('w', log), b.take('w', log)]);
    await at(1900);
    const early = [await allowedOf(a, 'w', 10), await allowedOf(b, 'w', 10)];
    await at(2100);
    const late = [await allowedOf(a, 'w', 10), await allowedOf(b, 'w', 10)];
    console.log(`  burst 10, 300/min: allowed in 0.2 s across a window edge  A ${early[0]! + late[0]!} (${early[0]} + ${late[0]})   B ${early[1]! + late[1]!} (${early[1]} + ${late[1]})`);
    const layout = await Promise.all([redis.type(`${base}_a${n}:rl:w`), redis.type(`${base}_b${n}:rl:w`)]);
    console.log(`  Redis value at <prefix>:rl:<key>                        A ${layout[0]}   B ${layout[1]}`);
    return out;
  } finally {
    await Promise.all(limiters.map((l) => l.stop()));
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}_*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
    console.log(`  (removed ${removed} bench keys)`);
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const sections: Record<string, () => Promise<Figures[]>> = { cost: benchCost, lookahead: benchLookahead, rate: benchRate };
const run = wanted.length ? wanted : Object.keys(sections);
const unknown = run.filter((s) => !sections[s]);
if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}: choose from ${Object.keys(sections).join(', ')}`);
console.log(`node ${process.version}, ${new Date().toISOString()}`);
const results: Record<string, Figures[]> = {};
for (const s of run) results[s] = await sections[s]!();
console.log(`\n${JSON.stringify(results)}`);
process.exit(0);
