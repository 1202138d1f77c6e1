// The statement behind GET /metrics/team reads one index entry per (monitor, feature, metric)
// of the team, not every point: EXPLAIN ANALYZE of the statement the storage module sends, on
// a team with a long history (many points per pair) beside a larger neighbour, after ANALYZE and
// with sequential scans disabled (as test/perf/explain.test.ts does).
import pg from 'pg';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { metricStorage } from '../../src/storage/metric-series.js';
import { seedTeamData } from '../../scripts/bench/seed.js';

const INDEX = 'MetricPoint_teamId_monitorId_feature_metric_time_idx';
const PAIRS_PER_MONITOR = 12;
let captured: Array<{ sql: string; params: unknown[] }> = [];
let db: Db;
let client: pg.Client;
let teamId: string;

/** Points for every execution of the team: PAIRS_PER_MONITOR (feature, metric) pairs each. */
async function points(team: string): Promise<void> {
  await db.$executeRaw`INSERT INTO "MetricPoint" ("teamId", "monitorId", "executionId", "feature", "metric", "value", "threshold", "time")
    SELECT e."teamId", e."monitorId", e."id", 'f' || (k % 4), 'm' || (k / 4), random(), 0.5, e."scheduledTime"
    FROM "Execution" e CROSS JOIN generate_series(0, ${PAIRS_PER_MONITOR - 1}::int) AS k WHERE e."teamId" = ${team}::uuid`;
}

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 2, onQuery: (sql, params) => captured.push({ sql, params: JSON.parse(params || '[]') as unknown[] }) });
  const other = await db.team.create({ data: { slug: `tm-explain-o-${Date.now().toString(36)}`, displayName: 'Other' } });
  await seedTeamData(db, other.id, { monitors: 40, executionsPerSchedule: 120, violationsPerExecution: 0 });
  await points(other.id);
  const team = await db.team.create({ data: { slug: `tm-explain-${Date.now().toString(36)}`, displayName: 'Explain' } });
  teamId = team.id;
  // 20 monitors with 120 executions each: 24,000 points in 240 pairs.
  await seedTeamData(db, teamId, { monitors: 20, executionsPerSchedule: 120, violationsPerExecution: 0 });
  await points(teamId);
  client = new pg.Client({ connectionString: config().DATABASE_URL });
  await client.connect();
  await client.query('ANALYZE "MetricPoint", "Monitor"');
  await client.query('SET enable_seqscan = off');
}, 180_000);

afterAll(async () => {
  await client.end();
  await db.$disconnect();
});

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows': number; 'Actual Loops': number; Plans?: PlanNode[] }
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

it('reads the newest point of each pair through the (teamId, monitorId, feature, metric, time) index: rows read ≈ pairs, not points', async () => {
  captured = [];
  const rows = await metricStorage.latest(db, teamId, 100_000);
  const pairs = 20 * PAIRS_PER_MONITOR;
  expect(rows).toHaveLength(pairs);
  const sent = captured.filter((c) => /MetricPoint/.test(c.sql));
  expect(sent).toHaveLength(1);
  const [statement] = sent;
  expect(await db.metricPoint.count({ where: { teamId } })).toBeGreaterThan(pairs * 100);
  const result = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement!.sql}`, statement!.params);
  const found = nodes((result.rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan);
  const summary = found.map((n) => [n['Node Type'], n['Relation Name'] ?? '', n['Index Name'] ?? '', n['Actual Rows'] * n['Actual Loops']]);
  // MetricPoint is partitioned by month: each probe descends the index of every partition
  // (its clone of INDEX, named after the partition) and reads its entry from the one holding it.
  const points = found.filter((n) => /^MetricPoint(_|$)/.test(n['Relation Name'] ?? ''));
  expect({ summary, seqScan: points.some((n) => n['Node Type'] === 'Seq Scan'), sort: found.some((n) => n['Node Type'] === 'Sort') }).toEqual({ summary, seqScan: false, sort: false });
  const strays = points.filter((n) => n['Index Name'] !== `${n['Relation Name']}${INDEX.slice('MetricPoint'.length)}`);
  expect({ summary, strays, partitions: points.length > 0 }).toEqual({ summary, strays: [], partitions: true });
  // One entry per probe: a probe per pair and the one that finds no further pair (Actual Rows
  // is a per-loop average, rounded: the last empty probe can count as one).
  const read = points.reduce((sum, n) => sum + n['Actual Rows'] * n['Actual Loops'], 0);
  expect({ summary, read: read >= pairs && read <= pairs + 1 }).toEqual({ summary, read: true });
});
