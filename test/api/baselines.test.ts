import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const BASELINE = 'id version source status datasetUri datasetFormat { csvHeader jsonLines parquet } statistics constraints failureReason parent { id version }';
const STATISTICS = { version: 0, dataset: { item_count: 3 }, features: [{ name: 'age', inferred_type: 'Integral' }] };
const CONSTRAINTS = { version: 0, features: [{ name: 'age', inferred_type: 'Integral', completeness: 1 }], monitoring_config: { evaluate_constraints: 'Enabled' } };

describe('baselines', () => {
  it('requests a baseline job, syncs its results, and keeps edited constraints as a new version', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const requested = (await team.call(`mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://train/churn.csv", datasetFormat: { csvHeader: true } }) { ${BASELINE} } }`, { m: m.id }))['requestBaseline'];
    expect(requested).toMatchObject({ version: 1, source: 'SUGGESTED', status: 'IN_PROGRESS', datasetFormat: { csvHeader: true, jsonLines: null, parquet: null }, statistics: null });
    const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === requested.id)!;
    expect(job.request).toMatchObject({ datasetUri: 's3://train/churn.csv', version: 1 });
    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics: STATISTICS, constraints: CONSTRAINTS });
    await env.gateway.services.baselines.sync(team.id, requested.id);
    const done = (await team.call(`query($id: ID!) { baseline(id: $id) { ${BASELINE} } }`, { id: requested.id }))['baseline'];
    expect(done).toMatchObject({ status: 'COMPLETED', statistics: STATISTICS, constraints: CONSTRAINTS });
    const edited = { ...CONSTRAINTS, features: [{ name: 'age', inferred_type: 'Integral', completeness: 0.9 }] };
    const v2 = (await team.call(`mutation($b: ID!, $c: JSON!) { editBaselineConstraints(input: { baselineId: $b, constraints: $c }) { ${BASELINE} } }`, { b: requested.id, c: edited }))['editBaselineConstraints'];
    expect(v2).toMatchObject({ version: 2, source: 'EDITED', status: 'COMPLETED', constraints: edited, statistics: STATISTICS, parent: { id: requested.id, version: 1 } });
    const monitor = (await team.call('query($m: ID!) { monitor(id: $m) { activeBaseline { version source } baselines { edges { node { version } } } } }', { m: m.id }))['monitor'];
    expect(monitor.activeBaseline).toEqual({ version: 2, source: 'EDITED' });
    expect(monitor.baselines.edges.map((e: any) => e.node.version)).toEqual([2, 1]);
  });

  it('repoints existing schedules to the baseline in force when it completes and when it is edited', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    expect(env.backends.BUILTIN.scheduleNamed(s.name)?.monitor.baseline).toBeNull();
    const b = (await team.call('mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://train/x.csv", datasetFormat: { csvHeader: true } }) { id } }', { m: m.id }))['requestBaseline'];
    const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === b.id)!;
    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics: STATISTICS, constraints: CONSTRAINTS });
    await env.gateway.services.baselines.sync(team.id, b.id);
    expect(env.backends.BUILTIN.scheduleNamed(s.name)?.monitor.baseline).toMatchObject({ id: b.id, version: 1, constraints: CONSTRAINTS });
    const edited = { ...CONSTRAINTS, features: [] };
    const v2 = (await team.call('mutation($b: ID!, $c: JSON!) { editBaselineConstraints(input: { baselineId: $b, constraints: $c }) { id } }', { b: b.id, c: edited }))['editBaselineConstraints'];
    expect(env.backends.BUILTIN.scheduleNamed(s.name)?.monitor.baseline).toMatchObject({ id: v2.id, version: 2, constraints: edited });
  });

  it('records a failed baseline job with its reason', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_QUALITY');
    const b = (await team.call('mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://train/x.jsonl", datasetFormat: { jsonLines: true } }) { id } }', { m: m.id }))['requestBaseline'];
    const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === b.id)!;
    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'FAILED', failureReason: 'dataset has no rows' });
    const synced = await env.gateway.services.baselines.sync(team.id, b.id);
    expect(synced).toMatchObject({ status: 'FAILED', failureReason: 'dataset has no rows' });
    const edit = await refused(env.url, team.adminKey, 'mutation($b: ID!) { editBaselineConstraints(input: { baselineId: $b, constraints: {} }) { id } }', { b: b.id });
    expect(edit).toMatchObject({ code: 'CONFLICT', field: 'input.baselineId' });
  });

  it('refuses bad datasets, formats and column names', async () => {
    const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
    const m = await team.createMonitor('DATA_QUALITY');
    const q = 'mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }';
    expect(await refused(env.url, team.adminKey, q, { i: { monitorId: m.id, datasetUri: 'file:///tmp/x.csv', datasetFormat: { csvHeader: true } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.datasetUri' });
    expect(await refused(env.url, team.adminKey, q, { i: { monitorId: m.id, datasetUri: 's3://t/x.csv', datasetFormat: {} } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.datasetFormat' });
    const cols = await refused(env.url, team.adminKey, q, { i: { monitorId: m.id, datasetUri: 's3://t/x.csv', datasetFormat: { csvHeader: false }, columnNames: ['age', 'Credit-Score'] } });
    expect(cols).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.columnNames.1' });
    expect(cols.message).toMatch(/lowercase/);
  });

  it('passes a MODEL_QUALITY baseline\'s groundTruthAttribute to the backend; refuses it for other types, with nothing created', async () => {
    const team = await seed(env).createTeam();
    const q = 'mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }';
    const mq = await team.createMonitor('MODEL_QUALITY');
    const b = (await team.call(q, { i: { monitorId: mq.id, datasetUri: 's3://t/preds.csv', datasetFormat: { csvHeader: true }, groundTruthAttribute: 'Prediction' } }))['requestBaseline'];
    expect(env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === b.id)!.request).toMatchObject({ groundTruthAttribute: 'Prediction' });
    const dq = await team.createMonitor('DATA_QUALITY');
    const bad = await refused(env.url, team.adminKey, q, { i: { monitorId: dq.id, datasetUri: 's3://t/x.csv', datasetFormat: { csvHeader: true }, groundTruthAttribute: 'label' } });
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.groundTruthAttribute' });
    const none = (await team.call('query($m: ID!) { monitor(id: $m) { baselines { edges { node { id } } } } }', { m: dq.id }))['monitor'];
    expect(none.baselines.edges).toEqual([]);
  });
});
