// DATABASE_READ_URL: GraphQL queries read the read database, mutations the primary. The "replica"
// is a second database of the run, reached read-only (a write there fails), whose rows the test
// makes differ from the primary's, so each answer shows where it was read.
import { createDb, type Db } from '../../src/db/client.js';
import { config } from '../../src/config.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { ok, gql } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

const readUrl = (() => {
  const url = new URL(config().DATABASE_URL);
  url.pathname = `${url.pathname}_read`;
  return url.toString();
})();
/** What the gateway gets: every transaction of its read connections is read-only. */
const readOnly = `${readUrl}?options=-c%20default_transaction_read_only%3Don`;

const backends = () => ({ SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') });
const statements = { primary: [] as string[], read: [] as string[] };
let primary: Db;
let read: Db;
/** Writes the replica's rows (not read-only): the test plays the replication. */
let replicaWriter: Db;
let gateway: Gateway;
let team: TeamFixture;
let monitor: { id: string; name: string };
let replicatedRuntime: number;

/** Copies one row from the primary to the replica as it is now (row_to_json and back, so every column type survives). */
async function replicate(table: string, id: string): Promise<void> {
  const [row] = await primary.$queryRawUnsafe<Array<{ row: unknown }>>(`SELECT row_to_json(t) AS row FROM "${table}" t WHERE id = $1::uuid`, id);
  await replicaWriter.$executeRawUnsafe(`INSERT INTO "${table}" SELECT * FROM json_populate_record(NULL::"${table}", $1::json)`, JSON.stringify(row!.row));
}

/** The statements each database received while `work` ran (transaction control left out). */
async function sent(work: () => Promise<unknown>): Promise<{ primary: string[]; read: string[] }> {
  const from = { primary: statements.primary.length, read: statements.read.length };
  await work();
  const meaningful = (sql: string) => !/^(BEGIN|COMMIT|ROLLBACK|SELECT 1)\b/i.test(sql.trim());
  return { primary: statements.primary.slice(from.primary).filter(meaningful), read: statements.read.slice(from.read).filter(meaningful) };
}

/** Statements of the primary beside a request's reads: the key's verification (cached for seconds), the outbox relay's polling. */
const notAside = (sql: string) => !sql.includes('"ApiKey"') && !sql.includes('"OutboxEvent"');

beforeAll(async () => {
  await createDatabase(readUrl);
  await migrateDatabase(readUrl);
  primary = createDb({ url: config().DATABASE_URL, poolSize: 4, onQuery: (sql) => statements.primary.push(sql) });
  read = createDb({ url: readOnly, poolSize: 2, onQuery: (sql) => statements.read.push(sql) });
  replicaWriter = createDb({ url: readUrl, poolSize: 1 });
  gateway = await startGateway({ config: { ...config(), PORT: 0, DATABASE_READ_URL: readOnly }, backends: backends(), db: primary, readDb: read });
  team = await seed({ url: gateway.url }).createTeam();
  monitor = await team.createMonitor('DATA_QUALITY');
}, 60_000);

afterAll(async () => {
  await gateway.stop();
  await Promise.all([primary.$disconnect(), read.$disconnect(), replicaWriter.$disconnect()]);
  await dropDatabase(readUrl);
});

const MONITOR = `query($id: ID!) { monitor(id: $id) { id name maxRuntimeInSeconds } }`;

it('the read connections refuse writes', async () => {
  await expect(read.$executeRawUnsafe(`UPDATE "Team" SET "displayName" = 'x' WHERE id = $1::uuid`, team.id)).rejects.toThrow(/read-only transaction/);
});

it('a query reads the read database: a monitor only on the primary is not found until it is replicated', async () => {
  // The key works at once: it is verified on the primary (the replica has no team yet).
  const before = await gql(gateway.url, team.adminKey, MONITOR, { id: monitor.id });
  expect(before.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect((await team.call(`{ monitors(first: 10) { totalCount } }`))['monitors'].totalCount).toBe(0);

  await replicate('Team', team.id);
  await replicate('Monitor', monitor.id);
  await replicaWriter.$executeRawUnsafe(`UPDATE "Monitor" SET name = 'as-on-the-replica' WHERE id = $1::uuid`, monitor.id);
  const after = await team.call(MONITOR, { id: monitor.id });
  expect(after['monitor'].name).toBe('as-on-the-replica');
  const page = await team.call(`{ monitors(first: 10) { edges { node { id name } } } }`);
  expect(page['monitors'].edges).toEqual([{ node: { id: monitor.id, name: 'as-on-the-replica' } }]);
  replicatedRuntime = after['monitor'].maxRuntimeInSeconds;
});

it('a mutation reads and writes the primary only, and returns what it wrote there', async () => {
  const update = `mutation($id: ID!) { updateMonitor(id: $id, input: { maxRuntimeInSeconds: 1234 }) { id name maxRuntimeInSeconds schedules(first: 5) { totalCount } } }`;
  let result: Record<string, any> = {};
  const during = await sent(async () => (result = await team.call(update, { id: monitor.id })));
  expect(result['updateMonitor']).toEqual({ id: monitor.id, name: monitor.name, maxRuntimeInSeconds: 1234, schedules: { totalCount: 0 } });
  expect(during.read).toEqual([]);
  expect(during.primary.some((sql) => sql.includes('UPDATE') && sql.includes('"Monitor"'))).toBe(true);
  // The replica has not caught up (the test replicates nothing): a query shows its older state.
  expect((await team.call(MONITOR, { id: monitor.id }))['monitor']).toEqual({ id: monitor.id, name: 'as-on-the-replica', maxRuntimeInSeconds: replicatedRuntime });
  expect(replicatedRuntime).not.toBe(1234);
});

it('the read path of each dashboard query goes to the read database, on read-only connections', async () => {
  const reads: Array<[string, Record<string, unknown>?]> = [
    [`query($id: ID!) { monitor(id: $id) { schedule { id } activeSchedules { id } baselines(first: 5) { totalCount } health { status lastExecution { id } } activeBaseline { id } executions(first: 5) { totalCount } } }`, { id: monitor.id }],
    [`{ executions(first: 5) { totalCount edges { node { id } } } }`],
    [`{ violations(first: 5) { totalCount edges { node { id } } } }`],
    [`{ violationSummary(groupBy: [MONITOR]) { groups { count } } }`],
    [`query($id: ID!) { metricNames(monitorId: $id) { feature metric } }`, { id: monitor.id }],
    [`{ auditEvents(first: 5) { edges { node { id } } } }`],
    [`{ alertMutes(first: 5) { edges { node { id } } } }`],
    [`{ schedules(first: 5) { edges { node { id } } } }`],
    [`{ webhooks(first: 5) { edges { node { id } } } }`],
  ];
  for (const [query, variables] of reads) {
    const during = await sent(() => team.call(query, variables));
    expect([query, during.read.length > 0]).toEqual([query, true]);
    // The primary sees at most the key's verification and the outbox relay's polling, never the read itself.
    expect([query, during.primary.filter(notAside)]).toEqual([query, []]);
  }
  // Nothing of the replica's rows changed: no statement wrote there (read-only connections would refuse it).
  expect((await team.call(`{ monitors(first: 10) { edges { node { name } } } }`))['monitors'].edges).toEqual([{ node: { name: 'as-on-the-replica' } }]);
});

it('GET /metrics/team reads the primary: its cached answer must not be a lagging copy', async () => {
  const base = gateway.url.replace('/graphql', '');
  const during = await sent(async () => {
    const res = await fetch(`${base}/metrics/team`, { headers: { authorization: `Bearer ${team.adminKey}` } });
    expect(res.status).toBe(200);
  });
  expect(during.primary.some((sql) => sql.includes('"MetricPoint"'))).toBe(true);
  expect(during.read).toEqual([]);
});

it('/readyz names the read database when it does not answer', async () => {
  const gone = new URL(readUrl);
  gone.pathname = `${gone.pathname}_missing`;
  const other = await startGateway({ config: { ...config(), PORT: 0, DATABASE_READ_URL: gone.toString() }, backends: backends(), db: primary });
  try {
    const res = await fetch(other.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(body.checks['postgres']).toBe('ok');
    expect(body.checks['postgresRead']).toMatch(/does not exist/);
  } finally {
    await other.stop();
  }
  const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
  expect(((await res.json()) as { checks: Record<string, string> }).checks['postgresRead']).toBe('ok');
});

it('queries read the read database with graphql-js executing too (GRAPHQL_JIT=false)', async () => {
  const interpreted = await startGateway({ config: { ...config(), PORT: 0, GRAPHQL_JIT: false, DATABASE_READ_URL: readOnly }, backends: backends(), db: primary, readDb: read });
  try {
    expect((await ok(interpreted.url, team.adminKey, MONITOR, { id: monitor.id }))['monitor'].name).toBe('as-on-the-replica');
  } finally {
    await interpreted.stop();
  }
});

it('without DATABASE_READ_URL, queries read the primary', async () => {
  const plain = await startGateway({ config: { ...config(), PORT: 0 }, backends: backends(), db: primary });
  try {
    const data = await ok(plain.url, team.adminKey, MONITOR, { id: monitor.id });
    expect(data['monitor']).toMatchObject({ name: monitor.name, maxRuntimeInSeconds: 1234 });
    const ready = (await (await fetch(plain.url.replace('/graphql', '/readyz'))).json()) as { checks: Record<string, string> };
    expect(Object.keys(ready.checks)).not.toContain('postgresRead');
  } finally {
    await plain.stop();
  }
});
