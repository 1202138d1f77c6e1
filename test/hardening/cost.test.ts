// Query cost that knows page sizes: the formula on small documents, the product's
// heaviest legitimate read passes, nested page-within-page abuse is QUERY_TOO_COSTLY.
import { Kind, parse, validate, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildSchema } from '../../src/graphql/schema.js';
import { queryCost } from '../../src/graphql/cost.js';
import { config } from '../../src/config.js';
import { ErrorCode } from '../../src/shared/errors.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { gqlRaw } from '../api/support-ops.js';
import { HEAVIEST_LEGIT } from '../support/documents.js';


export const NESTED_ABUSE = `{ monitors(first: 100) { edges { node { id
  executions(first: 100) { edges { node { id status violations { id featureName checkType description } } } } } } } }`;

/** `levels` fragments, each spreading the next `width` times; the last selects the viewer's role. */
const FANNED_OUT = (levels: number, width: number) => {
  let doc = '{ viewer { ...F0 } }';
  for (let i = 0; i < levels; i++) doc += `\nfragment F${i} on Viewer { ${Array(width).fill(`...F${i + 1}`).join(' ')} }`;
  return `${doc}\nfragment F${levels} on Viewer { role }`;
};

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSchema();
});

function cost(doc: string, variables: Record<string, unknown> = {}): number {
  const ast = parse(doc);
  expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
  const operation = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of ast.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return queryCost({ schema, operation, fragments, variables });
}

describe('queryCost', () => {
  it('counts each field once, times the page size of connections', () => {
    expect(cost('{ viewer { role } }')).toBe(2); // viewer (1 + role 1)
    // monitors: (1 + edges(1 + node(1 + id 1 + name 1))) × 5 = (1 + 1 + 1 + 2) × 5
    expect(cost('{ monitors(first: 5) { edges { node { id name } } } }')).toBe(25);
    // Absent `first` counts the default page size (20).
    expect(cost('{ monitors { edges { node { id name } } } }')).toBe(100);
    // `first` from a variable; an out-of-range one counts as the largest page (100).
    expect(cost('query($n: Int) { monitors(first: $n) { edges { node { id name } } } }', { n: 7 })).toBe(35);
    expect(cost('query($n: Int) { monitors(first: $n) { edges { node { id name } } } }', { n: 100_000 })).toBe(500);
    expect(cost('query($n: Int) { monitors(first: $n) { edges { node { id name } } } }', {})).toBe(100);
  });

  it('multiplies nested pages and follows fragments and inline fragments', () => {
    // monitors(first: 2) × (1 + edges(1 + node(1 + baselines(first: 3) × (1 + edges(1 + node(1 + id))))))
    const inner = (1 + (1 + (1 + 1))) * 3; // 12
    expect(cost('{ monitors(first: 2) { edges { node { baselines(first: 3) { edges { node { id } } } } } } }')).toBe((1 + (1 + (1 + inner))) * 2);
    const viaFragment = cost('query { monitors(first: 2) { edges { node { ...M } } } } fragment M on Monitor { baselines(first: 3) { edges { node { ... on Baseline { id } } } } }');
    expect(viaFragment).toBe((1 + (1 + (1 + inner))) * 2);
  });

  it('leaves introspection free and lists without `first` at one', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
    expect(cost('{ execution(id: "x") { violations { id featureName } } }')).toBe(1 + (1 + 2));
  });

  it('walks a fragment once however often it is spread', () => {
    // Four levels of 60 spreads: 60^4 (13 million) paths to one field, walked one by one
    // before, seconds of a blocked event loop for a document of 1.6 kB.
    const started = performance.now();
    expect(cost(FANNED_OUT(4, 60))).toBe(1 + 60 ** 4);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('the heaviest legitimate read is within the default limit; the nested abuse is far above it', () => {
    const limit = config().MAX_QUERY_COST;
    expect(limit).toBe(50_000);
    expect(cost(HEAVIEST_LEGIT)).toBeLessThan(limit);
    expect(cost(NESTED_ABUSE)).toBeGreaterThan(limit);
  });
});

describe('cost limit over HTTP', () => {
  let env: TestGateway;
  beforeAll(async () => {
    env = await startTestGateway();
  });
  afterAll(() => env.stop());

  it('runs the heaviest legitimate read and refuses the abuse with QUERY_TOO_COSTLY, its cost and the limit, before resolving', async () => {
    const team = await seed(env).createTeam();
    await team.createMonitor('DATA_QUALITY');
    const heavy = await gqlRaw(env, team.adminKey, HEAVIEST_LEGIT);
    expect(heavy.errors).toBeUndefined();
    expect(heavy.data?.['monitors'].edges).toHaveLength(1);

    const abuse = await gqlRaw(env, team.adminKey, NESTED_ABUSE);
    expect(abuse.status).toBe(400);
    expect(abuse.data ?? null).toBeNull();
    expect(abuse.errors).toHaveLength(1);
    expect(abuse.errors?.[0]?.extensions).toEqual({ code: ErrorCode.QUERY_TOO_COSTLY, cost: cost(NESTED_ABUSE), limit: 50_000 });
    expect(abuse.errors?.[0]?.message).toMatch(/cost \d+, above the limit of 50000/);
    // The same shape with variables for page sizes is judged on their values.
    const small = await gqlRaw(env, team.adminKey, 'query($a: Int, $b: Int) { monitors(first: $a) { edges { node { executions(first: $b) { edges { node { id } } } } } } }', { a: 10, b: 10 });
    expect(small.errors).toBeUndefined();
    const big = await gqlRaw(env, team.adminKey, 'query($a: Int, $b: Int) { monitors(first: $a) { edges { node { executions(first: $b) { edges { node { id status violations { id featureName } } } } } } } }', { a: 100, b: 100 });
    expect(big.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('refuses a document of repeated fragment spreads at once, for a caller without a key too', async () => {
    // 4,000 tokens, within every document limit; 500^4 paths to its one field.
    const started = performance.now();
    const fanned = await gqlRaw(env, null, FANNED_OUT(4, 500));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(fanned.status).toBe(400);
    expect(fanned.errors?.[0]?.extensions).toEqual({ code: ErrorCode.QUERY_TOO_COSTLY, cost: 1 + 500 ** 4, limit: 50_000 });
  });
});
