// MetricPoint's monthly partitions: the migration and the daily job create them ahead, a
// month whose points already sit in the DEFAULT partition is skipped, and the hot reads and
// the retention purge name only the partitions of their time range (EXPLAIN of the
// statements the storage modules really send, captured as test/perf/explain.test.ts does).
import pg from 'pg';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { metricStorage } from '../../src/storage/metric-series.js';
import { retentionStorage } from '../../src/storage/retention.js';
import { ensureMetricPartitions } from '../../src/metric-series/partitions.js';

interface Captured { sql: string; params: unknown[] }
let captured: Captured[] = [];
let db: Db;
let client: pg.Client;
let teamId: string;
let monitorId: string;

const now = new Date();
/** The start of the UTC month `k` months from now's. */
const month = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1));
const nameOf = (d: Date) => `MetricPoint_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

async function partitions(): Promise<string[]> {
  const r = await client.query<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"MetricPoint"'::regclass ORDER BY 1`);
  return r.rows.map((x) => x.name);
}

interface PlanNode { 'Relation Name'?: string; 'Index Cond'?: string; Filter?: string; Plans?: PlanNode[] }
const nodes = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(nodes)];

/** The plan nodes of the last statement matching `match` that `run` sends, EXPLAINed with its parameters. */
async function planOf(run: () => Promise<unknown>, match: RegExp): Promise<PlanNode[]> {
  captured = [];
  await run();
  const last = captured.filter((c) => match.test(c.sql)).at(-1);
  if (!last) throw new Error('statement not captured');
  const r = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${last.sql}`, last.params);
  return nodes(r.rows[0]!['QUERY PLAN'][0]!.Plan);
}

/** The MetricPoint partitions the plan reads. */
async function scanned(run: () => Promise<unknown>, match: RegExp): Promise<string[]> {
  return [...new Set((await planOf(run, match)).flatMap((n) => (n['Relation Name']?.startsWith('MetricPoint') ? [n['Relation Name']] : [])))].sort();
}

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 2, onQuery: (sql, params) => captured.push({ sql, params: JSON.parse(params || '[]') as unknown[] }) });
  client = new pg.Client({ connectionString: config().DATABASE_URL });
  await client.connect();
  const team = await db.team.create({ data: { slug: `parts-${Date.now().toString(36)}`, displayName: 'Partitions' } });
  teamId = team.id;
  monitorId = (await db.monitor.create({ data: { teamId, name: 'm', type: 'DATA_QUALITY', backend: 'BUILTIN', config: {} } })).id;
  // A point a day over the next three months (partitions the migration created ahead).
  for (let day = 0; day < 90; day++) {
    const time = new Date(month(1).getTime() + day * 86_400_000);
    const e = await db.execution.create({ data: { teamId, monitorId, backendExecutionId: `e-${day}`, status: 'COMPLETED', scheduledTime: time } });
    await metricStorage.add(db, [{ teamId, monitorId, executionId: e.id, feature: 'age', metric: 'mean', value: day, threshold: null, time }]);
  }
  await client.query('ANALYZE "MetricPoint"');
});

afterAll(async () => {
  await client.end();
  await db.$disconnect();
});

describe('MetricPoint partitions', () => {
  it('exist for this month and three ahead; the job creates later ones once', async () => {
    const names = await partitions();
    for (let k = 0; k <= 3; k++) expect(names).toContain(nameOf(month(k)));
    expect(names).toContain('MetricPoint_default');
    await ensureMetricPartitions(db, now, 5);
    expect(await partitions()).toEqual(expect.arrayContaining([nameOf(month(4)), nameOf(month(5))]));
    expect(await ensureMetricPartitions(db, now, 5)).toBe(0);
    // The points went to their months, none to DEFAULT.
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "MetricPoint_default" WHERE "teamId" = $1`, [teamId]);
    expect(Number(r.rows[0]!.n)).toBe(0);
  });

  it('skips a month whose points are already in the DEFAULT partition', async () => {
    const e = await db.execution.create({ data: { teamId, monitorId, backendExecutionId: 'old', status: 'COMPLETED', scheduledTime: new Date('2001-01-15T00:00:00Z') } });
    await metricStorage.add(db, [{ teamId, monitorId, executionId: e.id, feature: 'age', metric: 'mean', value: 1, threshold: null, time: new Date('2001-01-15T00:00:00Z') }]);
    expect(await metricStorage.ensurePartitions(db, new Date('2001-01-01T00:00:00Z'), new Date('2001-02-01T00:00:00Z'))).toBe(1);
    const names = await partitions();
    expect(names).toContain('MetricPoint_2001_02');
    expect(names).not.toContain('MetricPoint_2001_01');
  });

  it('metricSeries over 30 days reads the points of those months only', async () => {
    const from = new Date(month(2).getTime() + 10 * 86_400_000);
    const to = new Date(from.getTime() + 30 * 86_400_000);
    const q = { teamId, monitorId, pairs: [{ feature: 'age', metric: 'mean' }], from, to, take: 5000 };
    const [series] = await metricStorage.series(db, q);
    expect(series!.points).toHaveLength(30);
    // The scans bounded by the range are of its months only; the "was it ever stored" probes have no range
    // (one index probe per partition until a row is found).
    const plan = await planOf(() => metricStorage.series(db, q), /^\s*SELECT/i);
    const ranged = plan.filter((n) => /"time" >=/.test(n['Index Cond'] ?? '') || /"time" >=/.test(n.Filter ?? ''));
    expect(ranged.length).toBeGreaterThan(0);
    expect([...new Set(ranged.map((n) => n['Relation Name']))].sort()).toEqual([nameOf(month(2)), nameOf(month(3))]);
  });

  it('the retention purge reads and deletes only partitions older than the horizon', async () => {
    const horizon = month(2);
    const names = await scanned(() => retentionStorage.purgeBatch(db, 'MetricPoint', teamId, { metricPoints: horizon } as never, 0), /DELETE FROM "MetricPoint"/);
    expect(names).toContain(nameOf(month(1)));
    for (let k = 2; k <= 5; k++) expect(names).not.toContain(nameOf(month(k)));
  });
});
