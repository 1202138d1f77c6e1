import { MONITOR_TYPES } from '../../src/kernel/monitor-config.js';
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { monitorInput, seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const DETAIL = `id name type backend endpointName outputS3Uri problemType groundTruthS3Uri maxRuntimeInSeconds roleArn
  endpointInput { endpointName startTimeOffset endTimeOffset s3InputMode }
  batchTransformInput { dataCapturedDestinationS3Uri datasetFormat { csvHeader jsonLines parquet } }
  bias { facetName facetValuesOrThreshold labelValuesOrThreshold }
  explainability { headers aggMethod numSamples useLogit attributionSource }
  recordPreprocessorSourceUri postAnalyticsProcessorSourceUri
  resources { instanceType instanceCount volumeSizeInGB }
  environment { name value }`;

describe('monitors of all four types', () => {
  it.each(MONITOR_TYPES)('creates, reads, updates and deletes a %s monitor', async (type) => {
    const team = await seed(env).createTeam();
    const input = monitorInput(type, { environment: [{ name: 'LOG_LEVEL', value: 'debug' }] });
    const created = (await team.call(`mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { ${DETAIL} } }`, { i: input }))['createMonitor'];
    expect(created).toMatchObject({ name: input['name'], type, backend: 'BUILTIN', endpointName: 'churn-ep', maxRuntimeInSeconds: 1800 });
    expect(created.environment).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(created.resources).toEqual({ instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 });
    const read = (await team.call(`query($id: ID!) { monitor(id: $id) { ${DETAIL} } }`, { id: created.id }))['monitor'];
    expect(read).toEqual(created);
    const updated = (await team.call(`mutation($id: ID!) { updateMonitor(id: $id, input: { maxRuntimeInSeconds: 900, endpointInput: { endpointName: "churn-ep-v2", startTimeOffset: "-PT3H", endTimeOffset: "-PT1H", s3InputMode: PIPE } }) { ${DETAIL} } }`, { id: created.id }))['updateMonitor'];
    expect(updated).toMatchObject({ maxRuntimeInSeconds: 900, endpointName: 'churn-ep-v2', endpointInput: { endpointName: 'churn-ep-v2', startTimeOffset: '-PT3H', endTimeOffset: '-PT1H', s3InputMode: 'PIPE' } });
    expect(updated.outputS3Uri).toBe(created.outputS3Uri);
    await team.call('mutation($id: ID!) { deleteMonitor(id: $id) { id } }', { id: created.id });
    expect(await refused(env.url, team.adminKey, 'query($id: ID!) { monitor(id: $id) { id } }', { id: created.id })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the type-specific configuration', async () => {
    const team = await seed(env).createTeam();
    const mq = (await team.call(`mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { ${DETAIL} } }`, {
      i: monitorInput('MODEL_QUALITY', { problemType: 'REGRESSION', recordPreprocessorSourceUri: 's3://code/pre.py', postAnalyticsProcessorSourceUri: 's3://code/post.py' }),
    }))['createMonitor'];
    expect(mq).toMatchObject({ problemType: 'REGRESSION', groundTruthS3Uri: 's3://gt/churn', recordPreprocessorSourceUri: 's3://code/pre.py', postAnalyticsProcessorSourceUri: 's3://code/post.py' });
    const bias = (await team.call(`mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { ${DETAIL} } }`, {
      i: monitorInput('MODEL_BIAS', { endpointInput: null, batchTransformInput: { dataCapturedDestinationS3Uri: 's3://capture/batch', datasetFormat: { csvHeader: false } } }),
    }))['createMonitor'];
    expect(bias).toMatchObject({ endpointName: null, endpointInput: null, batchTransformInput: { dataCapturedDestinationS3Uri: 's3://capture/batch', datasetFormat: { csvHeader: false, jsonLines: null, parquet: null } } });
    expect(bias.bias).toEqual({ facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] });
    const shap = (await team.call(`mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { ${DETAIL} } }`, { i: monitorInput('MODEL_EXPLAINABILITY') }))['createMonitor'];
    expect(shap.explainability).toEqual({ headers: ['age', 'tenure', 'plan'], aggMethod: 'MEAN_ABS', numSamples: 100, useLogit: false, attributionSource: 'CAPTURED_OUTPUT' });
  });

  it('re-validates the merged configuration on update; null clears a field', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const both = await refused(env.url, team.adminKey, 'mutation($id: ID!) { updateMonitor(id: $id, input: { batchTransformInput: { dataCapturedDestinationS3Uri: "s3://c/b", datasetFormat: { jsonLines: true } } }) { id } }', { id: m.id });
    expect(both).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.batchTransformInput' });
    const switched = await team.call('mutation($id: ID!) { updateMonitor(id: $id, input: { endpointInput: null, batchTransformInput: { dataCapturedDestinationS3Uri: "s3://c/b", datasetFormat: { jsonLines: true } } }) { endpointName batchTransformInput { datasetFormat { jsonLines } } } }', { id: m.id });
    expect(switched['updateMonitor']).toEqual({ endpointName: null, batchTransformInput: { datasetFormat: { jsonLines: true } } });
  });

  it('refuses a run time longer than an existing schedule allows', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_QUALITY');
    await team.createSchedule(m.id, { kind: 'HOURLY' });
    const r = await refused(env.url, team.adminKey, 'mutation($id: ID!) { updateMonitor(id: $id, input: { maxRuntimeInSeconds: 2400 }) { id } }', { id: m.id });
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.maxRuntimeInSeconds' });
    expect(r.message).toMatch(/1800/);
  });

  it('repoints every schedule to the new definition on update, and deletes them in the backend on delete', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s1 = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const s2 = await team.createSchedule(m.id, { kind: 'DAILY', hour: 3 });
    const backend = env.backends.BUILTIN;
    const before = backend.calls.length;
    await team.call('mutation($id: ID!) { updateMonitor(id: $id, input: { outputS3Uri: "s3://reports/v2" }) { id } }', { id: m.id });
    const repointed = backend.calls.slice(before).filter((c) => c.method === 'updateDefinition');
    expect(repointed.map((c) => c.schedule?.name).sort()).toEqual([s1.name, s2.name].sort());
    expect(repointed.every((c) => c.monitor.config.outputS3Uri === 's3://reports/v2')).toBe(true);
    await team.call('mutation($id: ID!) { deleteMonitor(id: $id) { id } }', { id: m.id });
    expect(backend.scheduleNamed(s1.name)).toBeUndefined();
    expect(backend.scheduleNamed(s2.name)).toBeUndefined();
  });

  it('lists with filters and Relay pagination, newest first', async () => {
    const team = await seed(env).createTeam();
    const made = [];
    for (const type of MONITOR_TYPES) made.push(await team.createMonitor(type));
    const page1 = (await team.call('{ monitors(first: 3) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }'))['monitors'];
    expect(page1.edges.map((e: any) => e.node.name)).toEqual(made.slice().reverse().slice(0, 3).map((m) => m.name));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await team.call('query($a: String) { monitors(first: 3, after: $a) { edges { node { name } } pageInfo { hasNextPage endCursor } } }', { a: page1.pageInfo.endCursor }))['monitors'];
    expect(page2.edges.map((e: any) => e.node.name)).toEqual([made[0]!.name]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const bias = (await team.call('{ monitors(filter: { type: MODEL_BIAS }) { edges { node { type } } } }'))['monitors'];
    expect(bias.edges).toEqual([{ node: { type: 'MODEL_BIAS' } }]);
    const byEndpoint = (await team.call('{ monitors(filter: { endpointName: "nope" }) { edges { node { id } } } }'))['monitors'];
    expect(byEndpoint.edges).toEqual([]);
  });

  it('uses the team default backend unless the monitor names one', async () => {
    const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
    expect((await team.createMonitor('DATA_QUALITY')).backend).toBe('SAGEMAKER');
    expect((await team.createMonitor('DATA_QUALITY', { backend: 'BUILTIN', outputS3Uri: 'file:///var/reports' })).backend).toBe('BUILTIN');
  });

  it('refuses a duplicate name in the team', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const r = await refused(env.url, team.adminKey, 'mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }', { i: monitorInput('DATA_QUALITY', { name: m.name }) });
    expect(r).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const other = await seed(env).createTeam();
    await expect(other.createMonitor('DATA_QUALITY', { name: m.name })).resolves.toMatchObject({ name: m.name });
  });
});
