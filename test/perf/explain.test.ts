// The main list queries use the index that matches their filter and order: the SQL is
// the statement the storage modules really send (captured from Prisma's query events),
// EXPLAINed with its parameters on tables with thousands of rows, after ANALYZE and with
// sequential scans disabled.
import pg from 'pg';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { executionStorage } from '../../src/storage/executions.js';
import { monitorStorage } from '../../src/storage/monitors.js';
import { scheduleStorage } from '../../src/storage/schedules.js';
import { violationSummaryStorage } from '../../src/storage/violation-summary.js';
import { toPage } from '../../src/shared/pagination.js';
import { Related } from '../../src/db/related.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';

interface Captured { sql: string; params: unknown[] }
let captured: Captured[] = [];
let db: Db;
let client: pg.Client;
let teamId: string;
let seeded: SeedResult;
let heavy: SeedResult;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 2, onQuery: (sql, params) => captured.push({ sql, params: JSON.parse(params || '[]') as unknown[] }) });
  // Our team and a larger neighbour, so "teamId = ?" is selective as in production.
  const other = await db.team.create({ data: { slug: `explain-o-${Date.now().toString(36)}`, displayName: 'Other' } });
  await seedTeamData(db, other.id, { monitors: 400, executionsPerSchedule: 10 });
  const team = await db.team.create({ data: { slug: `explain-${Date.now().toString(36)}`, displayName: 'Explain' } });
  teamId = team.id;
  seeded = await seedTeamData(db, teamId, { monitors: 200, executionsPerSchedule: 30, violationsPerExecution: 8 });
  // One monitor with a long history: its pages must come from the index in order.
  heavy = await seedTeamData(db, teamId, { monitors: 1, executionsPerSchedule: 1000 });
  client = new pg.Client({ connectionString: config().DATABASE_URL });
  await client.connect();
  await client.query('ANALYZE "Monitor", "Schedule", "Execution", "Violation", "ViolationHourly"');
  // A few thousand rows still fit in a handful of pages, where a sequential scan is
  // cheaper than 50 index probes; production tables are far larger. Forbidding it asks
  // the question this test is about: is there an index that matches filter and order?
  await client.query('SET enable_seqscan = off');
}, 120_000);

afterAll(async () => {
  await client.end();
  await db.$disconnect();
});

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The plan nodes of the last statement `run` sends. */
async function planOf(run: () => Promise<unknown>): Promise<{ sql: string; nodes: PlanNode[] }> {
  captured = [];
  await run();
  const last = captured.filter((c) => /^\s*SELECT/i.test(c.sql)).at(-1);
  if (!last) throw new Error('no SELECT captured');
  const result = await client.query(`EXPLAIN (FORMAT JSON) ${last.sql}`, last.params);
  const plan = (result.rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
  return { sql: last.sql, nodes: nodes(plan) };
}

const INDEX_SCANS = ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'];

function expectIndex(found: { sql: string; nodes: PlanNode[] }, table: string, index: string, options: { ordered?: boolean } = {}) {
  const summary = JSON.stringify(found.nodes.map((n) => [n['Node Type'], n['Relation Name'] ?? '', n['Index Name'] ?? '']));
  expect({ summary, seqScan: found.nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table) }).toEqual({ summary, seqScan: false });
  const scan = found.nodes.find((n) => n['Index Name'] === index);
  expect({ summary, scan: scan?.['Node Type'] }).toEqual({ summary, scan: expect.stringMatching(new RegExp(`^(${INDEX_SCANS.join('|')})$`)) });
  // A keyset page reads the index in order: no sort of the team's rows.
  if (options.ordered) expect({ summary, sort: found.nodes.some((n) => n['Node Type'] === 'Sort') }).toEqual({ summary, sort: false });
}

const page = toPage({ first: 50 });

describe('EXPLAIN of the main list queries', () => {
  it('a monitors page with each newest schedule, its last execution and violations: one index probe per level', async () => {
    const found = await planOf(() => monitorStorage.list(db, teamId, {}, page, { include: 'violations', into: new Related() }));
    expectIndex(found, 'Monitor', 'Monitor_teamId_createdAt_id_idx');
    expectIndex(found, 'Schedule', 'Schedule_teamId_monitorId_createdAt_id_idx');
    expectIndex(found, 'Execution', 'Execution_teamId_scheduleId_scheduledTime_id_idx');
    expectIndex(found, 'Violation', 'Violation_execution_violation_key');
  });

  it('a violations page with each monitor and execution: primary keys', async () => {
    const from = new Date(Date.now() - 86_400_000);
    const found = await planOf(() => executionStorage.listViolations(db, teamId, { from }, page, { include: { monitor: true, execution: true }, into: new Related() }));
    expectIndex(found, 'Violation', 'Violation_teamId_createdAt_id_idx');
    expectIndex(found, 'Monitor', 'Monitor_pkey');
    expectIndex(found, 'Execution', 'Execution_pkey');
  });

  it('monitors of a team, newest first: Monitor(teamId, createdAt, id)', async () => {
    expectIndex(await planOf(() => monitorStorage.list(db, teamId, {}, page)), 'Monitor', 'Monitor_teamId_createdAt_id_idx', { ordered: true });
  });

  it('a later page of monitors (keyset cursor as a row comparison) reads the same index in order', async () => {
    const [, second] = await db.monitor.findMany({ where: { teamId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 2 });
    const after = { at: second!.createdAt, id: second!.id };
    expectIndex(await planOf(() => monitorStorage.list(db, teamId, {}, { ...page, after })), 'Monitor', 'Monitor_teamId_createdAt_id_idx', { ordered: true });
  });

  it('monitors of a team by health: Monitor(teamId, healthStatus, createdAt, id), and their count too', async () => {
    // A few monitors in a rare state (the seed's health is spread over OK, VIOLATING and FAILING).
    await client.query(`UPDATE "Monitor" SET "healthStatus" = 'NO_DATA' WHERE "id" = ANY($1::uuid[])`, [seeded.monitorIds.slice(0, 6)]);
    await client.query(`UPDATE "Monitor" SET "healthStatus" = 'PENDING' WHERE "id" = ANY($1::uuid[])`, [seeded.monitorIds.slice(6, 10)]);
    await client.query('ANALYZE "Monitor"');
    expectIndex(await planOf(() => monitorStorage.list(db, teamId, { health: ['NO_DATA'] }, page)), 'Monitor', 'Monitor_teamId_healthStatus_createdAt_id_idx');
    expectIndex(await planOf(() => monitorStorage.list(db, teamId, { health: ['NO_DATA', 'PENDING'] }, page)), 'Monitor', 'Monitor_teamId_healthStatus_createdAt_id_idx');
    expectIndex(await planOf(() => monitorStorage.count(db, teamId, { health: ['NO_DATA', 'PENDING'] })), 'Monitor', 'Monitor_teamId_healthStatus_createdAt_id_idx');
  });

  it('executions of a monitor by scheduled time: Execution(teamId, monitorId, scheduledTime, id)', async () => {
    const monitorId = heavy.monitorIds[0] as string;
    expectIndex(await planOf(() => executionStorage.list(db, teamId, { monitorId }, page)), 'Execution', 'Execution_teamId_monitorId_scheduledTime_id_idx', { ordered: true });
  });

  it('executions of a schedule by scheduled time: Execution(teamId, scheduleId, scheduledTime, id)', async () => {
    const scheduleId = heavy.scheduleIds[0] as string;
    expectIndex(await planOf(() => executionStorage.list(db, teamId, { scheduleId }, page)), 'Execution', 'Execution_teamId_scheduleId_scheduledTime_id_idx', { ordered: true });
  });

  it('violations of a team, newest first, from a time: Violation(teamId, createdAt, id)', async () => {
    const from = new Date(Date.now() - 86_400_000);
    expectIndex(await planOf(() => executionStorage.listViolations(db, teamId, { from }, page)), 'Violation', 'Violation_teamId_createdAt_id_idx', { ordered: true });
  });

  it('a later page of recent violations reads Violation(teamId, createdAt, id) in order', async () => {
    const [first] = await db.violation.findMany({ where: { teamId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 });
    const from = new Date(Date.now() - 7 * 86_400_000);
    const after = { at: first!.createdAt, id: first!.id };
    expectIndex(await planOf(() => executionStorage.listViolations(db, teamId, { from }, { ...page, after })), 'Violation', 'Violation_teamId_createdAt_id_idx', { ordered: true });
  });

  it('violations of a page of executions: Violation(executionId, featureName, checkType, metricName, facetValue)', async () => {
    const executions = await db.execution.findMany({ where: { teamId, status: 'COMPLETED_WITH_VIOLATIONS' }, select: { id: true }, take: 50 });
    expectIndex(await planOf(() => executionStorage.violationsByExecutions(db, teamId, executions.map((e) => e.id))), 'Violation', 'Violation_execution_violation_key');
  });

  it('last execution of each schedule: one probe of Execution(teamId, scheduleId, scheduledTime, id) each', async () => {
    expectIndex(await planOf(() => executionStorage.latestBySchedules(db, teamId, seeded.scheduleIds.slice(0, 50))), 'Execution', 'Execution_teamId_scheduleId_scheduledTime_id_idx');
  });

  it('newest schedule of each monitor: one probe of Schedule(teamId, monitorId, createdAt, id) each', async () => {
    expectIndex(await planOf(() => scheduleStorage.latestByMonitors(db, teamId, seeded.monitorIds.slice(0, 50))), 'Schedule', 'Schedule_teamId_monitorId_createdAt_id_idx');
  });

  it('a coarse violation summary: the whole hours of ViolationHourly(teamId, hour, ...), the partial ones of Violation(teamId, createdAt, id)', async () => {
    const to = new Date(Date.now() - 1234);
    const found = await planOf(() => violationSummaryStorage.groups(db, { teamId, from: new Date(to.getTime() - 7 * 86_400_000), to, keys: ['DAY', 'CHECK_TYPE'], take: 10_001 }));
    expect(found.sql).toMatch(/FROM "ViolationHourly"/);
    expectIndex(found, 'ViolationHourly', 'ViolationHourly_pkey');
    expectIndex(found, 'Violation', 'Violation_teamId_createdAt_id_idx');
  });
});
