// Dashboard reads over HTTP on seeded data: violationSummary, Execution.report and
// featureStatistics (real SageMaker files, read at test time), metricSeriesList, and violations
// named as their series (real Clarify bias files).
import { gql, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { completedBaseline } from './support-ops.js';
import { describeSamples, readSample } from '../support/samples.js';
import type { ExecutionReport } from '../../src/backends/types.js';
import { parseAnalysis, parseStatistics, parseViolations } from '../../src/backends/reports.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
let seq = 0;

/** A finished run of `schedule` with `report`, synced; its execution id. */
async function run(team: TeamFixture, schedule: { id: string; name: string }, report: ExecutionReport, status: 'COMPLETED_WITH_VIOLATIONS' | 'IN_PROGRESS' = 'COMPLETED_WITH_VIOLATIONS') {
  const h = seq++ % 24;
  const executionId = `${schedule.name}-${seq}`;
  const reportUri = `s3://reports/${schedule.name}/${seq}/`;
  env.backends.BUILTIN.putExecution(schedule.name, {
    executionId, status, scheduledTime: hour(h), startedAt: hour(h), endedAt: status === 'IN_PROGRESS' ? null : hour(h), failureReason: null, reportUri,
  }, report);
  await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
  const row = await env.gateway.services.db.execution.findFirstOrThrow({ where: { backendExecutionId: executionId } });
  return { id: row.id, reportUri };
}

const violation = (featureName: string, checkType: string) => ({ featureName, checkType, description: `${checkType} on ${featureName}` });

describe('violationSummary', () => {
  const SUMMARY = `query($g: [ViolationGroupBy!]!, $f: ViolationSummaryFilter, $from: DateTime, $to: DateTime) {
    violationSummary(groupBy: $g, filter: $f, from: $from, to: $to) { from to groups { monitorId monitor { name } featureName checkType monitorType bucket count } } }`;

  it('counts the team\'s violations per group of keys, with the monitors, filters and UTC buckets', async () => {
    const team = await seed(env).createTeam();
    const a = await team.createMonitor('DATA_QUALITY');
    const b = await team.createMonitor('DATA_QUALITY', { endpointInput: { endpointName: 'other-ep' } });
    const sa = await team.createSchedule(a.id, { kind: 'HOURLY' });
    const sb = await team.createSchedule(b.id, { kind: 'HOURLY' });
    await run(team, sa, { violations: [violation('age', 'completeness_check'), violation('age', 'data_type_check'), violation('plan', 'completeness_check')], statistics: null });
    await run(team, sa, { violations: [violation('age', 'completeness_check')], statistics: null });
    await run(team, sb, { violations: [violation('age', 'completeness_check')], statistics: null });
    // Another team's violations are never counted.
    const other = await seed(env).createTeam();
    const om = await other.createMonitor('DATA_QUALITY');
    await run(other, await other.createSchedule(om.id, { kind: 'HOURLY' }), { violations: [violation('age', 'completeness_check')], statistics: null });

    const byMonitor = (await team.call(SUMMARY, { g: ['MONITOR', 'CHECK_TYPE'] }))['violationSummary'];
    expect(byMonitor.groups).toEqual([
      { monitorId: a.id, monitor: { name: a.name }, featureName: null, checkType: 'completeness_check', monitorType: null, bucket: null, count: 3 },
      { monitorId: a.id, monitor: { name: a.name }, featureName: null, checkType: 'data_type_check', monitorType: null, bucket: null, count: 1 },
      { monitorId: b.id, monitor: { name: b.name }, featureName: null, checkType: 'completeness_check', monitorType: null, bucket: null, count: 1 },
    ].sort((x, y) => y.count - x.count || x.monitorId.localeCompare(y.monitorId) || x.checkType.localeCompare(y.checkType)));
    expect(new Date(byMonitor.to).getTime() - new Date(byMonitor.from).getTime()).toBe(7 * 86_400_000);

    const stored = await env.gateway.services.db.violation.findMany({ where: { teamId: team.id } });
    const day = new Date(stored[0]!.createdAt);
    day.setUTCHours(0, 0, 0, 0);
    const byDay = (await team.call(SUMMARY, { g: ['DAY', 'MONITOR_TYPE', 'FEATURE'], f: { endpointName: 'churn-ep', checkType: 'completeness_check' } }))['violationSummary'];
    expect(byDay.groups).toEqual([
      { monitorId: null, monitor: null, featureName: 'age', checkType: null, monitorType: 'DATA_QUALITY', bucket: day.toISOString(), count: 2 },
      { monitorId: null, monitor: null, featureName: 'plan', checkType: null, monitorType: 'DATA_QUALITY', bucket: day.toISOString(), count: 1 },
    ]);
    const hourly = (await team.call(SUMMARY, { g: ['HOUR'], f: { monitorId: b.id, monitorType: 'DATA_QUALITY' } }))['violationSummary'];
    const hourStart = new Date(stored.find((v) => v.monitorId === b.id)!.createdAt);
    hourStart.setUTCMinutes(0, 0, 0);
    expect(hourly.groups).toEqual([{ monitorId: null, monitor: null, featureName: null, checkType: null, monitorType: null, bucket: hourStart.toISOString(), count: 1 }]);

    // The range is the time violations were found (createdAt), as the violations filter's.
    await env.gateway.services.db.violation.updateMany({ where: { monitorId: b.id }, data: { createdAt: new Date(Date.now() - 30 * 86_400_000) } });
    expect((await team.call(SUMMARY, { g: ['MONITOR'], f: { monitorId: b.id } }))['violationSummary'].groups).toEqual([]);
    const old = await team.call(SUMMARY, { g: ['MONITOR'], f: { monitorId: b.id }, from: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    expect(old['violationSummary'].groups).toMatchObject([{ monitorId: b.id, count: 1 }]);
    expect((await team.call(SUMMARY, { g: ['MONITOR'], f: { monitorType: 'MODEL_BIAS' } }))['violationSummary'].groups).toEqual([]);
    expect((await team.call(SUMMARY, { g: ['MONITOR'], f: { monitorId: om.id } }))['violationSummary'].groups).toEqual([]);
  });

  it('refuses bad ranges and keys with BAD_USER_INPUT and the field', async () => {
    const team = await seed(env).createTeam();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ g: [] }, 'groupBy'],
      [{ g: ['MONITOR', 'MONITOR'] }, 'groupBy'],
      [{ g: ['HOUR', 'DAY'] }, 'groupBy'],
      [{ g: ['MONITOR'], from: hour(3).toISOString(), to: hour(3).toISOString() }, 'to'],
      [{ g: ['MONITOR'], from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }, 'to'],
      [{ g: ['MONITOR'], from: new Date(Date.now() + 86_400_000).toISOString() }, 'from'],
    ];
    for (const [vars, field] of cases) {
      expect(await refused(env.url, team.adminKey, SUMMARY, vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describeSamples('Execution.report and featureStatistics (real data-quality files)', () => {
  const REPORT = `query($id: ID!, $name: String!) { execution(id: $id) { report { uri statistics constraints violations analysis }
    featureStatistics(name: $name) { name baseline current } } }`;

  it('serves the run\'s files through the API, checked and cached; a feature beside the baseline\'s', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const baselineStatistics = JSON.parse(readSample('data-quality', 'sdk-pipeline.statistics.json')) as { features: Array<{ name: string }> };
    await completedBaseline(env, team, m.id, undefined, baselineStatistics);
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const statistics = readSample('data-quality', 'sdk-pipeline.statistics.json');
    const violations = readSample('data-quality', 'sdk-monitor.constraint_violations.json');
    const e = await run(team, s, { violations: parseViolations(violations, 'v'), statistics: parseStatistics(statistics, 's') });
    env.backends.BUILTIN.putReportFile(e.reportUri, 'statistics.json', statistics);
    env.backends.BUILTIN.putReportFile(e.reportUri, 'constraint_violations.json', violations);

    const d = (await team.call(REPORT, { id: e.id, name: '_c1' }))['execution'];
    expect(d.report).toEqual({ uri: e.reportUri, statistics: JSON.parse(statistics), constraints: null, violations: JSON.parse(violations), analysis: null });
    const entry = JSON.parse(statistics).features.find((f: { name: string }) => f.name === '_c1');
    expect(d.featureStatistics).toEqual({ name: '_c1', baseline: baselineStatistics.features.find((f) => f.name === '_c1'), current: entry });

    // Finished runs' files are read once (then cached), missing ones included.
    const reads = env.backends.BUILTIN.reportReads.filter((r) => r.startsWith(e.reportUri)).length;
    expect(reads).toBe(4);
    await team.call(REPORT, { id: e.id, name: '_c1' });
    expect(env.backends.BUILTIN.reportReads.filter((r) => r.startsWith(e.reportUri))).toHaveLength(reads);

    expect(await refused(env.url, team.adminKey, REPORT, { id: e.id, name: 'no_such_feature' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('is null for a run without a report; an unreadable file is UNAVAILABLE naming it', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const running = await run(team, s, { violations: [], statistics: null }, 'IN_PROGRESS');
    expect((await team.call(REPORT, { id: running.id, name: 'x' }))['execution']).toEqual({ report: null, featureStatistics: null });

    const bad = await run(team, s, { violations: [], statistics: null });
    env.backends.BUILTIN.putReportFile(bad.reportUri, 'statistics.json', '{"features": "not a list"}');
    env.backends.BUILTIN.putReportFile(bad.reportUri, 'constraint_violations.json', 'not json');
    const r = await gql(env.url, team.adminKey, 'query($id: ID!) { execution(id: $id) { report { statistics violations analysis } } }', { id: bad.id });
    expect(r.data?.['execution'].report).toEqual({ statistics: null, violations: null, analysis: null });
    expect(r.errors?.map((x) => [x.extensions?.code, x.extensions?.['reportUri']]).sort()).toEqual([
      ['UNAVAILABLE', `${bad.reportUri}constraint_violations.json`], ['UNAVAILABLE', `${bad.reportUri}statistics.json`],
    ]);
  });
});

describe('metricSeriesList', () => {
  const LIST = `query($m: ID!, $s: [MetricSeriesKey!]!, $from: DateTime) { metricSeriesList(monitorId: $m, series: $s, from: $from) { feature metric threshold points { value } } }`;

  it('answers several pairs in order; an unknown pair is BAD_USER_INPUT naming its field', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    await completedBaseline(env, team, m.id, { version: 0, features: [{ name: 'age', inferred_type: 'Integral', completeness: 0.9 }] });
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const statistics = { dataset: { item_count: 10 }, features: [{ name: 'age', inferred_type: 'Integral', numerical_statistics: { common: { num_present: 8, num_missing: 2 }, mean: 40 } }] };
    await run(team, s, { violations: [], statistics });
    const d = (await team.call(LIST, { m: m.id, s: [{ feature: 'age', metric: 'mean' }, { metric: 'item_count' }, { feature: 'age', metric: 'completeness' }] }))['metricSeriesList'];
    expect(d).toEqual([
      { feature: 'age', metric: 'mean', threshold: null, points: [{ value: 40 }] },
      { feature: '', metric: 'item_count', threshold: null, points: [{ value: 10 }] },
      { feature: 'age', metric: 'completeness', threshold: 0.9, points: [{ value: 0.8 }] },
    ]);
    // A known pair with no point in the range is an empty series.
    const later = (await team.call(LIST, { m: m.id, s: [{ feature: 'age', metric: 'mean' }], from: '2030-01-01T00:00:00Z' }))['metricSeriesList'];
    expect(later).toEqual([{ feature: 'age', metric: 'mean', threshold: null, points: [] }]);

    const cases: Array<[unknown[], string]> = [
      [[{ feature: 'age', metric: 'mean' }, { feature: 'age', metric: 'nope' }], 'series[1].metric'],
      [[{ feature: 'nope', metric: 'mean' }], 'series[0].feature'],
      [[{ metric: 'nope' }], 'series[0].metric'],
      [[{ feature: 'age', metric: ' ' }], 'series[0].metric'],
      [[], 'series'],
      [Array.from({ length: 21 }, () => ({ feature: 'age', metric: 'mean' })), 'series'],
    ];
    for (const [series, field] of cases) {
      expect(await refused(env.url, team.adminKey, LIST, { m: m.id, s: series })).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const ONE = 'query($m: ID!, $f: String, $metric: String!) { metricSeries(monitorId: $m, feature: $f, metric: $metric) { points { value } } }';
    expect(await refused(env.url, team.adminKey, ONE, { m: m.id, f: 'age', metric: 'nope' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'metric' });
    expect(await refused(env.url, team.adminKey, ONE, { m: m.id, f: 'nope', metric: 'mean' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feature' });
  });
});

describeSamples('violations named as their series', () => {
  const VIOLATIONS = 'query($id: ID!) { execution(id: $id) { violations { featureName metricName checkType facet facetValue label } } }';
  const SERIES = 'query($m: ID!, $f: String, $metric: String!) { metricSeries(monitorId: $m, feature: $f, metric: $metric) { points { executionId } } }';

  async function expectSeriesOfEach(team: TeamFixture, monitorId: string, executionId: string) {
    const vs = (await team.call(VIOLATIONS, { id: executionId }))['execution'].violations as Array<{ featureName: string; metricName: string }>;
    expect(vs.length).toBeGreaterThan(0);
    for (const v of vs) {
      const series = (await team.call(SERIES, { m: monitorId, f: v.featureName, metric: v.metricName }))['metricSeries'];
      expect(series.points).toContainEqual({ executionId });
    }
    return vs;
  }

  it('bias (Clarify files): featureName "<facet>/<facet_value>" and metricName are a series of the run', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_BIAS');
    const analysis = readSample('bias-drift', 'examples-bias-monitor-bt-json.baseline.analysis.json');
    await completedBaseline(env, team, m.id, parseAnalysis(analysis, 'a'), null);
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const violations = parseViolations(readSample('bias-drift', 'examples-bias-monitor-bt-json.constraint_violations.json'), 'v');
    const e = await run(team, s, { violations, statistics: parseAnalysis(analysis, 'a') });
    const vs = await expectSeriesOfEach(team, m.id, e.id);
    expect(vs).toContainEqual({ featureName: 'Sex/0', metricName: 'CDDPL', checkType: 'bias_drift_check', facet: 'Sex', facetValue: '0', label: null });
  });

  it('explainability, model quality and data quality: the violation\'s series exists', async () => {
    const team = await seed(env).createTeam();
    const x = await team.createMonitor('MODEL_EXPLAINABILITY');
    const xs = await team.createSchedule(x.id, { kind: 'HOURLY' });
    const shap = readSample('feature-attribution-drift', 'examples-bias-monitor-bt.explainability-baseline.analysis.json');
    await completedBaseline(env, team, x.id, parseAnalysis(shap, 'a'), null);
    const xv = parseViolations(readSample('feature-attribution-drift', 'docs.constraint_violations.json'), 'v').filter((v) => v.label === 'label0');
    const xe = await run(team, xs, { violations: xv, statistics: parseAnalysis(shap, 'a') });
    expect(await expectSeriesOfEach(team, x.id, xe.id)).toEqual([{ featureName: '', metricName: 'ndcg', checkType: 'feature_attribution_drift_check', facet: null, facetValue: null, label: 'label0' }]);

    const q = await team.createMonitor('MODEL_QUALITY');
    const qs = await team.createSchedule(q.id, { kind: 'HOURLY' });
    const mq = parseStatistics(readSample('model-quality', 'sdk-pipeline.regression.statistics.json'), 's');
    const qe = await run(team, qs, { violations: [{ featureName: 'mse', metricName: 'mse', checkType: 'LessThanThreshold', description: 'mse above' }], statistics: mq });
    expect(await expectSeriesOfEach(team, q.id, qe.id)).toMatchObject([{ featureName: '', metricName: 'mse' }]);

    const dq = await team.createMonitor('DATA_QUALITY');
    const ds = await team.createSchedule(dq.id, { kind: 'HOURLY' });
    const stats = parseStatistics(readSample('data-quality', 'sdk-pipeline.statistics.json'), 's');
    const de = await run(team, ds, { violations: [violation('_c1', 'completeness_check')], statistics: stats });
    expect(await expectSeriesOfEach(team, dq.id, de.id)).toMatchObject([{ featureName: '_c1', metricName: 'completeness' }]);
  });
});
