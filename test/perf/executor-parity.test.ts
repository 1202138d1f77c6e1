// The compiled executor (graphql-jit, config GRAPHQL_JIT) answers exactly as graphql-js
// does: two gateways on the same database, one with each, are sent the same requests and
// must give the same HTTP status and body, data and errors (codes, fields, paths) alike.
import { getIntrospectionQuery } from 'graphql';
import { startBothExecutors } from '../hardening/gateway.js';
import { testDb } from '../support/db.js';
import type { TestGateway } from '../support/gateway.js';
import { monitorInput, seed } from '../support/seed.js';
import { metrics } from '../../src/ops/metrics.js';
import { MONITORS_PAGE, MONITOR_HISTORY, RECENT_VIOLATIONS } from '../../scripts/bench/queries.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';
import { RICH } from '../support/documents.js';

const db = testDb();
let compiled: TestGateway;
let interpreted: TestGateway;
let key: string;
let seeded: SeedResult;

beforeAll(async () => {
  ({ compiled, interpreted } = await startBothExecutors());
  const team = await seed(compiled).createTeam();
  key = team.adminKey;
  seeded = await seedTeamData(db, team.id, { monitors: 30, executionsPerSchedule: 4, violationsPerExecution: 2 });
}, 60_000);

afterAll(async () => {
  await compiled.stop();
  await interpreted.stop();
  await db.$disconnect();
});

async function send(url: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

const compilations = async () => (await metrics.graphqlCompiled.get()).values[0]?.value ?? 0;

/**
 * Both executors' answers to one request; they must be equal, and are returned for further
 * checks. The compiled gateway runs an operation with graphql-js the first time and compiles
 * it the second, so it is asked twice and both answers count.
 */
async function parity(query: string, variables?: Record<string, unknown>) {
  const reference = await send(interpreted.url, query, variables);
  const first = await send(compiled.url, query, variables);
  const second = await send(compiled.url, query, variables);
  expect(first).toEqual(reference);
  expect(second).toEqual(reference);
  return second as { status: number; body: { data?: Record<string, any> | null; errors?: Array<{ extensions?: { code?: string } }> } };
}


describe('compiled and interpreted execution give the same answers', () => {
  it('to the polled read queries, compiled on their second run', async () => {
    const before = await compilations();
    const page = await parity(MONITORS_PAGE, { first: 50 });
    expect(await compilations()).toBe(before + 1);
    expect(page.body.data?.['monitors'].edges).toHaveLength(30);
    await parity(MONITORS_PAGE, { first: 1 });
    const history = await parity(MONITOR_HISTORY, { id: seeded.monitorIds[0] });
    expect(history.body.data?.['monitor'].executions.edges.length).toBeGreaterThan(0);
    const violations = await parity(RECENT_VIOLATIONS, { from: new Date(Date.now() - 30 * 86_400_000).toISOString() });
    expect(violations.body.data?.['violations'].edges.length).toBeGreaterThan(0);
  });

  it('to fragments, aliases, __typename, directives, enums and variables with defaults', async () => {
    const all = await parity(RICH, { withSchedule: true });
    expect(all.body.errors).toBeUndefined();
    await parity(RICH, { type: 'MODEL_BIAS', withSchedule: false, skipRes: true });
  });

  it('to introspection', async () => {
    const introspection = await parity(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(introspection.body.data?.['__schema'].types.length).toBeGreaterThan(50);
  });

  it('to variables that do not coerce: BAD_USER_INPUT, HTTP 400', async () => {
    for (const variables of [{ first: 'ten' }, { first: 2.5 }, {}, { first: null }]) {
      const answer = await parity(MONITORS_PAGE, variables);
      expect([answer.status, answer.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    }
    const badDate = await parity(RECENT_VIOLATIONS, { from: 'yesterday' });
    expect(badDate.status).toBe(400);
    await parity(RICH, { type: 'NOT_A_TYPE', withSchedule: true });
  });

  it('to errors raised by resolvers, with their codes, fields and paths', async () => {
    const errors = [
      await parity(MONITORS_PAGE, { first: 0 }),
      await parity(MONITORS_PAGE, { first: 101 }),
      await parity(MONITOR_HISTORY, { id: 'not-an-id' }),
      await parity(`query { a: monitor(id: "${seeded.monitorIds[0]}") { name } b: monitors(first: 1, after: "garbage") { edges { cursor } } }`),
    ];
    for (const e of errors) expect(e.body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
  });

  it('to a refused mutation, which changes nothing on either', async () => {
    const createMonitor = `mutation($input: CreateMonitorInput!) { createMonitor(input: $input) { id } }`;
    const answer = await parity(createMonitor, { input: monitorInput('DATA_QUALITY', { name: 'bad name' }) });
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } });
  });
});
