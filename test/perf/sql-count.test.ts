// SQL statements per request must not grow with the page size (no N+1): a list brings the
// relations the query selects below it in its own statement (src/graphql/prefetch.ts),
// every other relation is one statement per kind, and a verified API key costs no
// statement at all while it is cached. Counted through the onQuery hook of createDb (Prisma query events and
// the hand-written reads of readRows alike), not timed.
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { NO_RATE_LIMIT } from '../hardening/gateway.js';
import { createDb, type Db } from '../../src/db/client.js';
import { MONITORS_PAGE, MONITOR_HISTORY, RECENT_VIOLATIONS } from '../../scripts/bench/queries.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';
import { ok } from '../support/gateway.js';

const TRANSACTION = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

let statements: string[] = [];
let db: Db;
let gateway: Gateway;
let key: string;
let teamId: string;
let seeded: SeedResult;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 4, onQuery: (sql) => { if (!TRANSACTION.test(sql)) statements.push(sql); } });
  gateway = await startGateway({ config: { ...config(), PORT: 0, ...NO_RATE_LIMIT }, db }); // one key, many requests
  const created = await ok(gateway.url, process.env['ADMIN_TOKEN'] as string,
    `mutation { createTeam(input: { slug: "perf-${Date.now().toString(36)}", displayName: "Perf" }) { team { id } secret } }`);
  key = created['createTeam'].secret;
  teamId = created['createTeam'].team.id;
  seeded = await seedTeamData(db, teamId, { monitors: 120, executionsPerSchedule: 5, violationsPerExecution: 2 });
}, 60_000);

afterAll(async () => {
  await gateway.stop();
  await db.$disconnect();
});

/**
 * The statements one request runs once its key is verified and cached, as when an app
 * polls. The key cache has a TTL of seconds, so on a loaded machine a request may still
 * pay for a lookup: the fewest statements of three calls is the steady state.
 */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ sql: string[]; data: Record<string, any> }> {
  await ok(gateway.url, key, query, variables);
  let best: { sql: string[]; data: Record<string, any> } | undefined;
  for (let i = 0; i < 3; i++) {
    statements = [];
    const data = await ok(gateway.url, key, query, variables);
    if (!best || statements.length < best.sql.length) best = { sql: statements, data };
  }
  statements = [];
  return best as { sql: string[]; data: Record<string, any> };
}

const tableOf = (sql: string) => /FROM\s+(?:"public"\.)?"(\w+)"/.exec(sql)?.[1] ?? sql.slice(0, 40);

describe('SQL statements per request', () => {
  it('are the same for monitors(first: 1, 10, 100) with schedule, last execution and violations', async () => {
    const counts: Record<number, number> = {};
    for (const first of [1, 10, 100]) {
      const { sql, data } = await statementsOf(MONITORS_PAGE, { first });
      expect(data['monitors'].edges).toHaveLength(first);
      counts[first] = sql.length;
      // monitors with their latest schedules, those schedules' last executions and their violations
      expect(sql.map(tableOf)).toEqual(['Monitor']);
    }
    expect(counts).toEqual({ 1: 1, 10: 1, 100: 1 });
  });

  it('are one per relation kind where no list read brings the relation (schedules → lastExecution → violations)', async () => {
    const query = `query($first: Int!) { schedules(first: $first) { edges { node { id lastExecution { id violations { featureName } } } } } }`;
    for (const first of [1, 10, 100]) {
      const { sql, data } = await statementsOf(query, { first });
      expect(data['schedules'].edges).toHaveLength(first);
      expect(sql.map(tableOf)).toEqual(['Schedule', 'Execution', 'Violation']);
    }
  });

  it('read the active schedules of a page of monitors in one statement', async () => {
    const query = `query($first: Int!) { monitors(first: $first) { edges { node { id activeSchedules { id status } } } } }`;
    for (const first of [1, 10, 100]) {
      const { sql, data } = await statementsOf(query, { first });
      expect(data['monitors'].edges).toHaveLength(first);
      expect(data['monitors'].edges.every((e: any) => e.node.activeSchedules.length > 0)).toBe(true);
      expect(sql.map(tableOf)).toEqual(['Monitor', 'Schedule']);
    }
  });

  it('bring only what is selected, through fragments too', async () => {
    const scheduleOnly = `{ monitors(first: 10) { edges { node { id schedule { id } } } } }`;
    const { sql } = await statementsOf(scheduleOnly, {});
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/"Schedule"/);
    expect(sql[0]).not.toMatch(/"Execution"|"Violation"/);
    const viaFragments = `query { monitors(first: 10) { ...Page } }
      fragment Page on MonitorConnection { edges { node { ... on Monitor { schedule { ...Last } } } } }
      fragment Last on Schedule { lastExecution { violations { featureName } } }`;
    const fragments = await statementsOf(viaFragments, {});
    expect(fragments.sql).toHaveLength(1);
    expect(fragments.sql[0]).toMatch(/"Violation"/);
  });

  it('shows the newest schedule and its newest execution (the per-parent LIMIT 1 queries)', async () => {
    const { data } = await statementsOf(MONITORS_PAGE, { first: 10 });
    for (const edge of data['monitors'].edges) {
      const monitorId: string = edge.node.id;
      const schedule = await db.schedule.findFirst({ where: { monitorId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      expect(edge.node.schedule.id).toBe(schedule?.id);
      const last = await db.execution.findFirst({ where: { scheduleId: schedule?.id }, orderBy: [{ scheduledTime: 'desc' }, { id: 'desc' }] });
      expect(edge.node.schedule.lastExecution.id).toBe(last?.id);
      const violations = await db.violation.findMany({ where: { executionId: last?.id }, orderBy: [{ featureName: 'asc' }, { checkType: 'asc' }] });
      expect(edge.node.schedule.lastExecution.violations).toEqual(violations.map((v) => ({ featureName: v.featureName, checkType: v.checkType })));
    }
  });

  it('are the same for the team violations list whatever its length', async () => {
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const page = (first: number) => RECENT_VIOLATIONS.replace('first: 50', `first: ${first}`);
    const counts = [];
    for (const first of [1, 10, 100]) {
      const { sql, data } = await statementsOf(page(first), { from });
      expect(data['violations'].edges).toHaveLength(first);
      counts.push(sql.length);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBe(1); // violations with their monitors and executions
  });

  it('are constant for one monitor with its execution history', async () => {
    const { sql, data } = await statementsOf(MONITOR_HISTORY, { id: seeded.monitorIds[3] });
    expect(data['monitor'].executions.edges).toHaveLength(5);
    // the monitor with its schedule; the executions page with their violations
    expect(sql).toHaveLength(2);
    expect(sql.filter((q) => /"Schedule"/.test(q))).toHaveLength(1);
    expect(sql.filter((q) => /"Execution"/.test(q) && /"Violation"/.test(q))).toHaveLength(1);
  });

  it('count the rows of a list in one more statement only when totalCount is selected, whatever the page size', async () => {
    const COUNT = /count\(\*\)/;
    const lists = [
      ['monitors', 'Monitor', '{ id schedule { lastExecution { violations { featureName } } } }'],
      ['executions', 'Execution', '{ id violations { featureName } }'],
      ['violations', 'Violation', '{ id monitor { name } execution { status } }'],
      ['schedules', 'Schedule', '{ id }'],
    ] as const;
    for (const [field, table, node] of lists) {
      for (const first of [1, 10, 100]) {
        const withCount = await statementsOf(`query($first: Int!) { ${field}(first: $first) { totalCount edges { node ${node} } } }`, { first });
        expect(withCount.data[field].edges).toHaveLength(first);
        expect(withCount.data[field].totalCount).toBeGreaterThanOrEqual(first);
        expect(withCount.sql.filter((q) => COUNT.test(q)).map(tableOf)).toEqual([table]);
        const without = await statementsOf(`query($first: Int!) { ${field}(first: $first) { edges { node ${node} } } }`, { first });
        expect(without.sql.filter((q) => COUNT.test(q))).toEqual([]);
        expect(withCount.sql).toHaveLength(without.sql.length + 1);
        expect(without.sql).toHaveLength(1);
      }
    }
  });

  it('read a page of monitors filtered by health with their health in constant statements', async () => {
    const query = `query($first: Int!) { monitors(first: $first, filter: { health: [VIOLATING, FAILING] }) {
      totalCount edges { node { id health { status since openViolations nextRunAt lastExecution { id status } } } } } }`;
    const counts: number[] = [];
    for (const first of [1, 10, 50]) {
      const { sql, data } = await statementsOf(query, { first });
      expect(data['monitors'].edges).toHaveLength(first);
      for (const e of data['monitors'].edges) {
        expect(['VIOLATING', 'FAILING']).toContain(e.node.health.status);
        expect(e.node.health.lastExecution.status).toBe(e.node.health.status === 'VIOLATING' ? 'COMPLETED_WITH_VIOLATIONS' : 'FAILED');
      }
      // the page, its count, the last executions, the active schedules (for nextRunAt)
      expect(sql.map(tableOf).sort()).toEqual(['Execution', 'Monitor', 'Monitor', 'Schedule']);
      expect(sql.filter((q) => /"healthStatus" = ANY/.test(q))).toHaveLength(2);
      counts.push(sql.length);
    }
    expect(new Set(counts).size).toBe(1);
  });

  it('count a violation summary in one statement, and load the monitors of its groups in one more', async () => {
    const plain = await statementsOf('{ violationSummary(groupBy: [MONITOR, CHECK_TYPE, DAY]) { groups { monitorId checkType bucket count } } }', {});
    expect(plain.data['violationSummary'].groups.length).toBeGreaterThan(10);
    expect(plain.sql.map(tableOf)).toEqual(['Violation']);
    const withMonitors = await statementsOf('{ violationSummary(groupBy: [MONITOR, MONITOR_TYPE]) { groups { monitor { id name } monitorType count } } }', {});
    expect(withMonitors.data['violationSummary'].groups.length).toBeGreaterThan(10);
    expect(withMonitors.sql.map(tableOf)).toEqual(['Violation', 'Monitor']);
    // A coarse summary adds up the hourly rollup (and the violations of the partial hours at its ends), still in one statement.
    const coarse = await statementsOf('{ violationSummary(groupBy: [HOUR, MONITOR_TYPE, CHECK_TYPE]) { groups { monitorType checkType bucket count } } }', {});
    expect(coarse.data['violationSummary'].groups.length).toBeGreaterThan(4);
    expect(coarse.sql.map(tableOf)).toEqual(['ViolationHourly']);
    expect(coarse.sql[0]).toMatch(/FROM "Violation" x/);
  });

  it('read a page of alert mutes with their monitors in constant statements, whatever its length', async () => {
    const until = new Date(Date.now() + 86_400_000);
    await db.alertMute.createMany({ data: seeded.monitorIds.slice(0, 60).map((monitorId) => ({ teamId, monitorId, until, createdBy: 'perf' })) });
    const query = 'query($first: Int!) { alertMutes(first: $first) { totalCount edges { node { id until monitor { id name } } } } }';
    for (const first of [1, 10, 50]) {
      const { sql, data } = await statementsOf(query, { first });
      expect(data['alertMutes'].edges).toHaveLength(first);
      expect(data['alertMutes'].totalCount).toBe(60);
      // the page, its count, the page's monitors
      expect(sql.map(tableOf).sort()).toEqual(['AlertMute', 'AlertMute', 'Monitor']);
    }
  });

  it('read several metric series of a monitor in as many statements as one', async () => {
    const monitorId = seeded.monitorIds[0] as string;
    const execution = await db.execution.findFirstOrThrow({ where: { monitorId } });
    const features = ['age', 'tenure', 'plan'];
    await db.metricPoint.createMany({ data: features.map((feature) => ({ teamId, monitorId, executionId: execution.id, feature, metric: 'mean', value: 1, time: execution.scheduledTime })) });
    const query = 'query($m: ID!, $s: [MetricSeriesKey!]!) { metricSeriesList(monitorId: $m, series: $s) { feature metric points { value } } }';
    const one = await statementsOf(query, { m: monitorId, s: [{ feature: 'age', metric: 'mean' }] });
    const three = await statementsOf(query, { m: monitorId, s: features.map((feature) => ({ feature, metric: 'mean' })) });
    expect(three.data['metricSeriesList'].map((x: { feature: string }) => x.feature)).toEqual(features);
    expect(three.sql.map(tableOf)).toEqual(one.sql.map(tableOf));
    expect(three.sql.filter((q) => /"MetricPoint"/.test(q)).length).toBeLessThanOrEqual(2);
  });

  it('verifies a polling key from memory and does not write lastUsedAt on every request', async () => {
    statements = [];
    for (let i = 0; i < 20; i++) await ok(gateway.url, key, '{ viewer { role } }');
    const lookups = statements.filter((s) => /FROM\s+(?:"public"\.)?"ApiKey"/.test(s) && !/"prefix"/.test(s));
    const writes = statements.filter((s) => /^\s*UPDATE\s+"public"\."ApiKey"/.test(s));
    // At most one lookup per cache TTL (2 s); the 20 calls take far less than that unless the machine is starved.
    expect(lookups.length).toBeLessThanOrEqual(2);
    expect(writes.length).toBeLessThanOrEqual(1);
    statements = [];
  });
});
