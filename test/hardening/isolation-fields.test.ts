// Object fields are team-scoped too: every field of every object type reachable from
// the query root that loads a relation or takes an id is read by team B over its own
// objects (and, for id arguments, with team A's ids), and nothing of team A appears.
// The queries are generated from introspection, so new fields are covered as they come;
// a field the generator cannot reach fails the first test with what to add.
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isInputObjectType, isObjectType, isNonNullType,
  type GraphQLField, type GraphQLObjectType, type IntrospectionQuery,
} from 'graphql';
import { gql, type TestGateway } from '../support/gateway.js';
import { NO_RATE_LIMIT, startGatewayWith } from './gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';
import { fullTeam, type FullTeam } from '../api/support-ops.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startGatewayWith({ ...NO_RATE_LIMIT, ...LOOPBACK_RECEIVERS }); // team B's key makes a few hundred calls in seconds
});
afterAll(() => env.stop());

/** Fields the generator cannot call (required arguments): how each is covered instead. */
const MANUAL: Record<string, string> = {
  MetricSeries: 'built whole by Query.metricSeries(monitorId) from the team-scoped monitor (ID_CASES.metricSeries in test/api/isolation.test.ts: A\'s monitor id is NOT_FOUND for B); its points are values, not loaded relations',
  ViolationSummary: 'built by Query.violationSummary, whose one statement counts the caller\'s team only; filtered by A\'s monitor id it counts nothing (test/api/isolation.test.ts, list filters); its groups\' monitors load through the team-scoped loader',
  'Execution.featureStatistics': 'reads the parent execution (already the caller\'s) and the active baseline of that execution\'s own monitor; it takes a feature name, no id',
  FeatureComparison: 'built whole by Execution.featureStatistics from the parent execution\'s report and its monitor\'s baseline: values, not loaded relations',
  TrustedDocument: 'reached here through Query.trustedDocuments (the caller\'s team only); run by hash only within the caller\'s team (test/api/trusted-documents.test.ts: another team\'s hash is PERSISTED_QUERY_NOT_FOUND)',
  RegisterTrustedDocumentsPayload: 'a mutation\'s answer: the documents the caller registered for its own team (test/api/isolation.test.ts, mutations without an id)',
  RemoveTrustedDocumentsPayload: 'a mutation\'s answer: hashes removed from the caller\'s own team only; A\'s hashes sent by B remove nothing (test/api/isolation.test.ts)',
};

interface Target {
  name: string;
  /** The query selecting the field, `$id` standing for an id argument when it has one. */
  query: string;
  idArg: boolean;
}

const isRelation = (f: GraphQLField<unknown, unknown>) => isObjectType(getNamedType(f.type));
const leaf = (t: GraphQLObjectType) => ('id' in t.getFields() ? '__typename id' : '__typename');

/** Breadth-first from the root fields without required arguments; one target per relation or id-taking field. */
function targets(schema: ReturnType<typeof buildClientSchema>): { found: Target[]; unreachable: string[] } {
  const query = schema.getQueryType() as GraphQLObjectType;
  const wrap = (path: string[], inner: string) => path.reduceRight((acc, seg) => `${seg} { ${acc} }`, inner);
  const call = (f: GraphQLField<unknown, unknown>) => (f.args.some((a) => a.name === 'first') ? `${f.name}(first: 3)` : f.name);
  const seen = new Set<string>([query.name]);
  const queue: Array<{ type: GraphQLObjectType; path: string[] }> = [{ type: query, path: [] }];
  const found: Target[] = [];
  const unreachable: string[] = [];
  const behindArgs = new Map<string, string>();
  while (queue.length > 0) {
    const { type, path } = queue.shift() as { type: GraphQLObjectType; path: string[] };
    for (const f of Object.values(type.getFields())) {
      const name = `${type.name}.${f.name}`;
      if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
        if (type !== query && !(name in MANUAL)) unreachable.push(name);
        const named = getNamedType(f.type);
        if (isObjectType(named) && !behindArgs.has(named.name)) behindArgs.set(named.name, name);
        continue;
      }
      const named = getNamedType(f.type);
      const inner = isObjectType(named) ? leaf(named) : '';
      if (isRelation(f)) found.push({ name, query: `{ ${wrap(path, inner ? `${call(f)} { ${inner} }` : call(f))} }`, idArg: false });
      // Each id argument, or id field of an input-object argument (a filter), given A's ids.
      for (const a of f.args) {
        const argType = getNamedType(a.type);
        const idFields = isInputObjectType(argType) ? Object.values(argType.getFields()).filter((x) => getNamedType(x.type).name === 'ID').map((x) => x.name) : [];
        const uses = argType.name === 'ID' ? [[a.name, `${a.name}: $id`]] : idFields.map((x) => [`${a.name}.${x}`, `${a.name}: { ${x}: $id }`]);
        for (const [label, arg] of uses) {
          const first = f.args.some((x) => x.name === 'first') ? ', first: 3' : '';
          found.push({ name: `${name}(${label})`, query: `query($id: ID!) { ${wrap(path, `${f.name}(${arg}${first})${inner ? ` { ${inner} }` : ''}`)} }`, idArg: true });
        }
      }
      if (isObjectType(named) && !seen.has(named.name)) {
        seen.add(named.name);
        queue.push({ type: named, path: [...path, call(f)] });
      }
    }
  }
  // Object types reached only through fields with required arguments.
  // (A root field with an id argument is covered by ID_CASES in test/api/isolation.test.ts;
  // its type needs a case here only when it has relations or id arguments of its own.)
  for (const [t, via] of behindArgs) {
    const type = schema.getType(t) as GraphQLObjectType;
    const deeper = Object.values(type.getFields()).some((f) => isRelation(f) || f.args.some((a) => getNamedType(a.type).name === 'ID'));
    if (!seen.has(t) && !(t in MANUAL) && (deeper || !via.startsWith(`${query.name}.`))) unreachable.push(t);
  }
  return { found, unreachable };
}

function secretsOf(a: FullTeam): string[] {
  return [a.team.id, a.team.slug, a.team.adminKeyId, a.key.id, a.member.id, a.member.email, ...Object.values(a.monitors).flatMap((m) => [m.id, m.name]),
    a.baseline.id, a.pendingBaseline.id, a.schedule.id, a.schedule.name, a.stoppedSchedule.id, a.execution.id, ...a.execution.violationIds, a.trustedDocument.id, a.trustedDocument.hash];
}

describe('object field isolation', () => {
  let A: FullTeam;
  let B: FullTeam;
  let found: Target[];
  let unreachable: string[];
  beforeAll(async () => {
    [A, B] = await Promise.all([fullTeam(env), fullTeam(env)]);
    const intro = await gql<IntrospectionQuery>(env.url, B.team.adminKey, getIntrospectionQuery());
    const t = targets(buildClientSchema(intro.data as IntrospectionQuery));
    found = t.found;
    unreachable = t.unreachable;
  });

  it('reaches every object type with relations or id arguments from the query root', () => {
    expect(unreachable.map((n) => `${n}: reachable only through fields with required arguments; add MANUAL['${n}'] in test/hardening/isolation-fields.test.ts saying how B is kept from A's objects there (and a test)`)).toEqual([]);
  });

  it('reads every relation and id-taking field as B, over B\'s objects and with A\'s ids, and never sees A', async () => {
    expect(found.length).toBeGreaterThan(20);
    const secrets = secretsOf(A);
    const problems: string[] = [];
    let reached = 0;
    for (const t of found) {
      const ids = t.idArg ? [A.monitors.DATA_QUALITY.id, A.execution.id, A.schedule.id, A.member.id] : [undefined];
      for (const id of ids) {
        const r = await gql(env.url, B.team.adminKey, t.query, id ? { id } : undefined);
        const text = JSON.stringify(r);
        const sentScrubbed = id ? text.split(id).join('<sent>') : text;
        const leaked = secrets.filter((s) => s !== id && sentScrubbed.includes(s));
        if (leaked.length) problems.push(`${t.name}: leaks ${leaked.join(', ')}`);
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        if (codes.some((c) => c !== 'NOT_FOUND' && c !== 'FORBIDDEN' && c !== 'BAD_USER_INPUT')) problems.push(`${t.name}: ${JSON.stringify(r.errors)}`);
        if (!t.idArg && text.includes('"__typename"')) reached++;
      }
    }
    expect(problems).toEqual([]);
    // The fixture has an object behind most relations: the queries did read something.
    expect(reached).toBeGreaterThan(found.filter((t) => !t.idArg).length / 2);
    console.log(`field isolation: ${found.length} fields of ${new Set(found.map((t) => t.name.split('.')[0])).size} types read as team B; id arguments: ${found.filter((t) => t.idArg).map((t) => t.name).join(', ') || 'none'}`);
  }, 120_000);
});
