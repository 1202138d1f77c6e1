// metricSeries / metricNames over HTTP: executions synced from the in-process
// backend become series with their baseline's thresholds, re-syncing stores
// nothing twice, ranges are validated and other teams see nothing.
import { randomUUID } from 'node:crypto';
import { gql, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { completedBaseline, MUTATION_DOCS } from '../api/support-ops.js';
import type { ExecutionReport } from '../../src/backends/types.js';
import { MAX_SERIES_POINTS } from '../../src/metric-series/manager.js';
import { DQ_CONSTRAINTS, MQ_CONSTRAINTS, MQ_STATISTICS } from './fixtures.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
const SERIES = `query($m: ID!, $f: String, $metric: String!, $from: DateTime, $to: DateTime) {
  metricSeries(monitorId: $m, feature: $f, metric: $metric, from: $from, to: $to) {
    monitorId feature metric threshold breachedWhen points { time value threshold executionId } } }`;
const NAMES = 'query($m: ID!) { metricNames(monitorId: $m) { feature metric } }';

/** statistics.json of a window where `present` of 100 ages were present. */
const dqStatistics = (present: number, mean: number) => ({
  version: 0, dataset: { item_count: 100 },
  features: [{ name: 'age', inferred_type: 'Integral', numerical_statistics: { common: { num_present: present, num_missing: 100 - present }, mean, sum: mean * present, std_dev: 9, min: 18, max: 80 } }],
});

function put(scheduleName: string, h: number, report: ExecutionReport, status: 'COMPLETED' | 'COMPLETED_WITH_VIOLATIONS' | 'IN_PROGRESS' = 'COMPLETED') {
  env.backends.BUILTIN.putExecution(scheduleName, {
    executionId: `${scheduleName}-${h}`, status, scheduledTime: hour(h), startedAt: hour(h), endedAt: status === 'IN_PROGRESS' ? null : hour(h),
    failureReason: null, reportUri: `s3://reports/${scheduleName}/${h}`,
  }, report);
}

async function dataQualityMonitor(team: TeamFixture) {
  const m = await team.createMonitor('DATA_QUALITY');
  await completedBaseline(env, team, m.id, DQ_CONSTRAINTS);
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  return { m, s, sync: () => env.gateway.services.executions.syncSchedule(team.id, s.id) };
}

const pointCount = (monitorId: string) => env.gateway.services.db.metricPoint.count({ where: { monitorId } });

describe('metric series', () => {
  it('syncing executions stores a series per feature and metric, with the baseline\'s thresholds; re-syncing adds nothing', async () => {
    const team = await seed(env).createTeam();
    const { m, s, sync } = await dataQualityMonitor(team);
    put(s.name, 3, { violations: [], statistics: dqStatistics(97, 40) });
    put(s.name, 1, { violations: [], statistics: dqStatistics(99, 41) });
    put(s.name, 2, { violations: [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'Baseline drift distance: 0.31 exceeds threshold: 0.2' }], statistics: dqStatistics(90, 47) }, 'COMPLETED_WITH_VIOLATIONS');
    put(s.name, 4, { violations: [], statistics: dqStatistics(10, 0) }, 'IN_PROGRESS'); // not finished: no report read, no points
    await sync();
    const stored = await pointCount(m.id);
    expect(stored).toBe(3 * 8 + 1); // item_count + 7 per feature, each run; drift only at hour 2

    const d = (await team.call(SERIES, { m: m.id, f: 'age', metric: 'completeness' }))['metricSeries'];
    const executions = await env.gateway.services.db.execution.findMany({ where: { monitorId: m.id }, orderBy: { scheduledTime: 'asc' } });
    expect(d).toEqual({
      monitorId: m.id, feature: 'age', metric: 'completeness', threshold: 0.95, breachedWhen: 'BELOW',
      points: [[1, 0.99], [2, 0.9], [3, 0.97]].map(([h, value], i) => ({ time: hour(h as number).toISOString(), value, threshold: 0.95, executionId: executions[i]!.id })),
    });
    const drift = (await team.call(SERIES, { m: m.id, f: 'age', metric: 'baseline_drift' }))['metricSeries'];
    expect(drift).toMatchObject({ threshold: 0.2, breachedWhen: 'ABOVE', points: [{ time: hour(2).toISOString(), value: 0.31, threshold: 0.2 }] });
    const items = (await team.call(SERIES, { m: m.id, metric: 'item_count' }))['metricSeries'];
    expect(items).toMatchObject({ feature: '', threshold: null, breachedWhen: null });
    expect(items.points.map((p: { value: number }) => p.value)).toEqual([100, 100, 100]);

    // Re-sync, and the same executions reported again with other numbers (a status change makes the
    // report be read again): the stored points stay as they were.
    await sync();
    put(s.name, 3, { violations: [], statistics: dqStatistics(50, 99) }, 'COMPLETED_WITH_VIOLATIONS');
    expect((await sync()).written.map((e) => e.backendExecutionId)).toContain(`${s.name}-3`);
    expect(await pointCount(m.id)).toBe(stored);
    expect((await team.call(SERIES, { m: m.id, f: 'age', metric: 'mean' }))['metricSeries'].points.map((p: { value: number }) => p.value)).toEqual([41, 47, 40]);

    // The run that finishes later adds its points.
    put(s.name, 4, { violations: [], statistics: dqStatistics(60, 39) });
    await sync();
    expect(await pointCount(m.id)).toBe(stored + 8);

    const names = (await team.call(NAMES, { m: m.id }))['metricNames'];
    expect(names).toEqual([
      { feature: '', metric: 'item_count' },
      ...['baseline_drift', 'completeness', 'max', 'mean', 'min', 'sample_count', 'std_dev', 'sum'].map((metric) => ({ feature: 'age', metric })),
    ]);
  });

  it('filters by [from, to), keeps each point\'s threshold and shows the current baseline\'s after an edit', async () => {
    const team = await seed(env).createTeam();
    const { m, s, sync } = await dataQualityMonitor(team);
    for (const h of [1, 2, 3]) put(s.name, h, { violations: [], statistics: dqStatistics(100 - h, 40) });
    await sync();
    const window = (await team.call(SERIES, { m: m.id, f: 'age', metric: 'completeness', from: hour(2).toISOString(), to: hour(3).toISOString() }))['metricSeries'];
    expect(window.points.map((p: { time: string }) => p.time)).toEqual([hour(2).toISOString()]);
    const active = (await team.call('query($m: ID!) { monitor(id: $m) { activeBaseline { id } } }', { m: m.id }))['monitor'].activeBaseline.id;
    const edited = { ...DQ_CONSTRAINTS, features: DQ_CONSTRAINTS.features.map((f) => ({ ...f, completeness: 0.8 })) };
    await team.call(MUTATION_DOCS['editBaselineConstraints'] as string, { input: { baselineId: active, constraints: edited } });
    put(s.name, 4, { violations: [], statistics: dqStatistics(85, 40) });
    await sync();
    const d = (await team.call(SERIES, { m: m.id, f: 'age', metric: 'completeness' }))['metricSeries'];
    expect(d.threshold).toBe(0.8);
    expect(d.points.map((p: { threshold: number }) => p.threshold)).toEqual([0.95, 0.95, 0.95, 0.8]);
  });

  it('model quality: model-level metrics (feature omitted or empty) with the constraint threshold', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_QUALITY');
    await completedBaseline(env, team, m.id, MQ_CONSTRAINTS);
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    put(s.name, 5, { violations: [], statistics: MQ_STATISTICS });
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    for (const f of [undefined, '']) {
      const d = (await team.call(SERIES, { m: m.id, ...(f === undefined ? {} : { f }), metric: 'accuracy' }))['metricSeries'];
      expect(d).toMatchObject({ feature: '', threshold: 0.85, breachedWhen: 'BELOW', points: [{ value: 0.86, threshold: 0.85 }] });
    }
    // A VIEWER may read series; a metric never stored is BAD_USER_INPUT on metric.
    const viewer = await team.createKey('VIEWER');
    expect(await refused(env.url, viewer.secret, SERIES, { m: m.id, metric: 'no_such_metric' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'metric' });
  });

  it('refuses bad ranges and names with BAD_USER_INPUT and a field', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: hour(3).toISOString(), to: hour(3).toISOString() }, 'to'],
      [{ from: hour(4).toISOString(), to: hour(3).toISOString() }, 'to'],
      [{ metric: '  ' }, 'metric'],
      [{ metric: 'x'.repeat(300) }, 'metric'],
      [{ f: 'x'.repeat(300) }, 'feature'],
    ];
    for (const [vars, field] of cases) {
      expect(await refused(env.url, team.adminKey, SERIES, { m: m.id, metric: 'completeness', f: 'age', ...vars })).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it(`refuses a range holding more than ${MAX_SERIES_POINTS} points (BAD_USER_INPUT from), and answers a narrower one`, async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const db = env.gateway.services.db;
    const n = MAX_SERIES_POINTS + 1;
    const times = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000));
    const start = times[0]!;
    // Bulk rows in SQL: n executions an hour apart, one point each.
    await db.$executeRaw`INSERT INTO "Execution" ("id", "teamId", "monitorId", "backendExecutionId", "status", "scheduledTime", "updatedAt")
      SELECT gen_random_uuid(), ${team.id}::uuid, ${m.id}::uuid, 'bulk-' || i, 'COMPLETED', ${start}::timestamptz + i * interval '1 hour', now()
      FROM generate_series(0, ${n - 1}::int) AS i`;
    await db.$executeRaw`INSERT INTO "MetricPoint" ("teamId", "monitorId", "executionId", "feature", "metric", "value", "time")
      SELECT "teamId", "monitorId", "id", 'age', 'mean', 1, "scheduledTime" FROM "Execution" WHERE "monitorId" = ${m.id}::uuid`;
    expect(await refused(env.url, team.adminKey, SERIES, { m: m.id, f: 'age', metric: 'mean' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const d = (await team.call(SERIES, { m: m.id, f: 'age', metric: 'mean', from: times[1]!.toISOString() }))['metricSeries'];
    expect(d.points).toHaveLength(MAX_SERIES_POINTS);
    expect(d.points[0].time).toBe(times[1]!.toISOString());
    expect(d.points.at(-1).time).toBe(times.at(-1)!.toISOString());
  });

  it('another team\'s monitor (or an unknown id) is NOT_FOUND and reveals nothing', async () => {
    const a = await seed(env).createTeam();
    const b = await seed(env).createTeam();
    const { m, s, sync } = await dataQualityMonitor(a);
    put(s.name, 7, { violations: [], statistics: dqStatistics(99, 40) });
    await sync();
    for (const id of [m.id, randomUUID(), 'not-a-uuid']) {
      for (const [doc, vars] of [[SERIES, { m: id, f: 'age', metric: 'completeness' }], [NAMES, { m: id }]] as const) {
        const r = await gql(env.url, b.adminKey, doc, vars);
        expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
        expect(r.data).toBeNull();
        expect(JSON.stringify(r)).not.toContain('0.99');
      }
    }
    const mine = await b.createMonitor('DATA_QUALITY');
    expect((await b.call(NAMES, { m: mine.id }))['metricNames']).toEqual([]);
    expect((await a.call(NAMES, { m: m.id }))['metricNames']).toContainEqual({ feature: 'age', metric: 'completeness' });
  });
});
